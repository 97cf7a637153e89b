#!/bin/sh
# ferret YARA negative sample: a maintenance script that ignores signals during a critical section
tmp=$(mktemp -d)
trap '' INT TERM
rsync -a /srv/data/ "$tmp/"
trap - INT TERM
rm -rf "$tmp"
