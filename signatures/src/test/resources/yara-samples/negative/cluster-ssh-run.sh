#!/bin/bash
# ferret YARA negative sample: an admin's fan-out over the hosts of an inventory file
# (StrictHostKeyChecking=no on a fresh lab, a fixed key, no harvesting of known_hosts)
for h in $(cat inventory/hosts.txt); do
  ssh -o StrictHostKeyChecking=no -i ~/.ssh/lab_ed25519 admin@$h 'sudo apt-get update && curl -fsS https://deb.example.org/health'
done
