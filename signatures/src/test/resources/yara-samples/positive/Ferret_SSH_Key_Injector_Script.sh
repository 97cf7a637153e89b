#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run; the key is not a real key
mkdir -p /root/.ssh
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZlcnJldC10ZXN0LWtleS1ub3QtYS1yZWFsLW9uZSEh ferret@sample" >> /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
