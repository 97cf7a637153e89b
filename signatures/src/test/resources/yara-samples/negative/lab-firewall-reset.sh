#!/bin/sh
# ferret YARA negative sample: a test-lab reset script (firewall open, SELinux permissive, errors shown)
setenforce 0
iptables -F
iptables -P INPUT ACCEPT
systemctl stop firewalld
echo "lab host opened; re-run harden.sh before production"
