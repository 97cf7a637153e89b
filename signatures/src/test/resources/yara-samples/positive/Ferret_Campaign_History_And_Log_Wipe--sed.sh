#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (scrubs its own address from the logs)
sed -i '/203.0.113.7/d' /var/log/auth.log
rm -f /var/log/btmp
unset HISTFILE
ln -sf /dev/null /root/.bash_history
