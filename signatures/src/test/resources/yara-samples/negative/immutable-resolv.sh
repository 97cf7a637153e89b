#!/bin/sh
# ferret YARA negative sample: pin resolv.conf against DHCP rewrites (admins do this)
chattr -i /etc/resolv.conf
cp /srv/conf/resolv.conf /etc/resolv.conf
chattr +i /etc/resolv.conf
