#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run
cp -f ./libsystem.so /usr/local/lib/libsystem.so
echo /usr/local/lib/libsystem.so > /etc/ld.so.preload
