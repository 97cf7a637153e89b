#!/bin/sh
# ferret YARA negative sample: an admin's clean-up note with a single miner kill
# (the rule wants several kill lines aimed at miners)
pkill -f xmrig || true
logger "xmrig stopped by admin"
