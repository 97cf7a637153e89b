#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
pnscan -t512 -R '6f 73 3a 4c 69 6e 75 78' -W '2a 31 0d 0a 24 34 0d 0a 69 6e 66 6f 0d 0a' 198.51.100.0/24 6379 > .out
for ip in $(cat .out | awk '{print $1}'); do
  redis-cli -h $ip -p 6379 info
done
