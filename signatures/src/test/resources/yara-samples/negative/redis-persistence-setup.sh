#!/bin/sh
# ferret YARA negative sample: configure Redis persistence on the local server
redis-cli config set dir /var/lib/redis
redis-cli config set dbfilename dump.rdb
redis-cli set app:started "$(date)"
redis-cli bgsave
