#!/bin/bash
# A stand-in for iptables in the response tests: rules live in the file $FAKE_IPTABLES_RULES, one per line;
# -C checks, -I inserts, -D deletes, as iptables does. Every call is logged next to it.
rules="${FAKE_IPTABLES_RULES:?}"
echo "$*" >> "$rules.log"
op=$1
chain=$2
shift 2
if [ "$op" = "-I" ] && [ "${1:-}" = "1" ]; then
    shift
fi
rule="$chain $*"
touch "$rules"
case "$op" in
    -C) grep -qxF -- "$rule" "$rules" ;;
    -I) echo "$rule" >> "$rules" ;;
    -D) grep -qxF -- "$rule" "$rules" || { echo "iptables: Bad rule" >&2; exit 1; }
        grep -vxF -- "$rule" "$rules" > "$rules.tmp"
        mv "$rules.tmp" "$rules" ;;
    *) echo "fake iptables: unsupported $op" >&2; exit 2 ;;
esac
