#!/bin/sh
# ferret YARA negative sample: typical Kubernetes node preparation (kubeadm docs style)
setenforce 0
sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config
systemctl disable --now firewalld
swapoff -a
sed -i '/ swap / s/^/#/' /etc/fstab
modprobe br_netfilter
sysctl --system
