#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
pkill -f xmrig
pkill -9 -f kdevtmpfsi
killall -9 kinsing
ps aux | grep -v grep | grep 'minerd' | awk '{print $2}' | xargs kill -9
netstat -anp | grep :3333 | awk '{print $7}' | awk -F'[/]' '{print $1}' | xargs kill -9
