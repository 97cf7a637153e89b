# Malware under names a shell or a UTF-8 string gets wrong, in an offline image on a tmpfs inside the namespace:
# "bad\xff" (not UTF-8), "evil<newline>x", "a b$(touch x)" and "[x]*", each a copy of the same ELF in /tmp, next
# to look-alike files that must survive ("bad", "evil", "a b", "xy", which "[x]*" would match as a glob). A scan
# writes a JSON Lines report; respond --report --apply quarantines from it; undo puts everything back.
#
# Input in $WORK: miner.c (compiled here).
source "$RESPOND_LIB"
isolate

IMG="$WORK/img"
mkdir -p "$IMG"
mount -t tmpfs -o mode=755,noatime tmpfs "$IMG" || fail "tmpfs for the image"
mkdir -p "$IMG/etc" "$IMG/tmp" "$IMG/var/tmp"
echo names-host > "$IMG/etc/hostname"
gcc -O1 -Wall -o "$WORK/elf" "$WORK/miner.c" || fail "cannot compile the miner"
BAD=$(printf 'bad\377')
NL=$(printf 'evil\nx')
SUBST='a b$(touch x)'
GLOB='[x]*'
for name in "$BAD" "$NL" "$SUBST" "$GLOB"; do
    install -m 755 "$WORK/elf" "$IMG/tmp/$name" || fail "plant $name"
done
for name in bad evil 'a b' xy; do
    printf 'look-alike %s\n' "$name" > "$IMG/tmp/$name"
done
touch -d '2026-11-21 03:12:44 UTC' "$IMG"/tmp/*

state "$IMG" > "$WORK/state-0.txt"
cd "$WORK/img/tmp" || fail "cd"
run SCAN scan --root "$IMG" --skip processes,network,persistence,access,sweep,memory --format jsonl -o "$WORK/report.jsonl"
run PLAN respond --root "$IMG" --report "$WORK/report.jsonl" --min-severity medium
run APPLY respond --root "$IMG" --report "$WORK/report.jsonl" --min-severity medium --apply --yes --store "$WORK/store" --format json
state "$IMG" > "$WORK/state-1.txt"
for i in 1 2 3 4; do
    case $i in 1) n=$BAD ;; 2) n=$NL ;; 3) n=$SUBST ;; 4) n=$GLOB ;; esac
    if [ -e "$IMG/tmp/$n" ]; then fact "GONE_$i" no; else fact "GONE_$i" yes; fi
done
left=""
for name in bad evil 'a b' xy; do
    [ "$(cat "$IMG/tmp/$name" 2>/dev/null)" = "look-alike $name" ] && left="$left+"
done
fact LOOKALIKES "$left"
if [ -e "$IMG/tmp/x" ] || [ -e "$WORK/x" ] || [ -e "$WORK/img/tmp/x" ]; then fact INJECTED yes; else fact INJECTED no; fi
fact FILES_BEFORE "$(grep -c '^[0-9a-f]\{64\}  \|^\\[0-9a-f]\{64\}  ' "$WORK/state-0.txt")"
fact FILES_AFTER "$(grep -c '^[0-9a-f]\{64\}  \|^\\[0-9a-f]\{64\}  ' "$WORK/state-1.txt")"
fact ELF_SHA256 "$(sha256sum < "$WORK/elf" | cut -c1-64)"
run UNDO undo --store "$WORK/store" --yes
state "$IMG" > "$WORK/state-2.txt"
fact DONE yes
