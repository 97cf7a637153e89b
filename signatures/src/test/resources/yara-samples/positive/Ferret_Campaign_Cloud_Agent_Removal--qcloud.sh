#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (Tencent agents only)
/usr/local/qcloud/YunJing/uninst.sh 2>/dev/null
killall -9 sgagent barad_agent
rm -rf /usr/local/qcloud
