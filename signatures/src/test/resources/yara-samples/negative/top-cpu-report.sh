#!/bin/sh
# ferret YARA negative sample: report (not kill) busy processes, and clean up one stopped container
ps aux | awk '$3>50.0{print $2, $11}' | mail -s "busy processes" ops@example.org
docker ps -a | grep 'Exited' | awk '{print $1}' | xargs docker rm
