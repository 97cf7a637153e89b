#!/bin/sh
# ferret YARA negative sample: installs a key from a file, the way ssh-copy-id does
key_file=${1:?usage: $0 KEYFILE}
umask 077
mkdir -p "$HOME/.ssh"
cat "$key_file" >> "$HOME/.ssh/authorized_keys"
