#!/usr/bin/env bash
# CI check of the .deb, without touching this machine's package database or its /opt:
#   - contents and control data;
#   - install, remove and purge with dpkg into a scratch root (dpkg --root, maintainer scripts run chrootless
#     with DPKG_ROOT set, so they change files only there); libc6 is recorded in the scratch database as the
#     host has it, so Depends is checked for real;
#   - the units pass systemd-analyze verify (with /opt/ferret bound from the scratch root in a private mount
#     namespace, so ExecStart is checked too), and any message counts as a failure;
#   - the installed /usr/bin/ferret runs, and the scheduled-scan script writes a report, copies it to a "share"
#     and POSTs it to a collector on loopback.
# Usage: deb-test.sh DEB|DIR_WITH_ONE_DEB WORK_DIR
set -euo pipefail
deb="$1"; work="$2"
if [ -d "$deb" ]; then
  set -- "$deb"/ferret_*_amd64.deb "${@:2}"
  [ $# -eq 2 ] && [ -f "$1" ] || { echo "deb-test: expected one ferret_*_amd64.deb in $deb" >&2; exit 1; }
  deb="$1"
fi
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }
note() { echo "deb-test: $*"; }

if [ "${3:-}" = --inside ]; then
  # private mount namespace: /opt/ferret from the scratch root, for the unit check and the installed scripts
  # the work folder may itself lie under /opt (a checkout in /opt/ferret): reach it through /mnt first
  mount -t tmpfs tmpfs /mnt
  mkdir /mnt/work
  mount --bind "$work" /mnt/work
  work=/mnt/work
  root="$work/root"
  mount -t tmpfs tmpfs /opt
  mkdir /opt/ferret
  mount --bind "$root/opt/ferret" /opt/ferret
  systemd-analyze verify "$root/lib/systemd/system/ferret-scan.timer" "$root/lib/systemd/system/ferret-scan.service" \
    > "$work/verify.out" 2>&1 || { cat "$work/verify.out" >&2; fail "systemd-analyze verify failed"; }
  [ ! -s "$work/verify.out" ] || { cat "$work/verify.out" >&2; fail "systemd-analyze verify complained"; }
  note "systemd-analyze verify: ferret-scan.timer and ferret-scan.service clean"
  "$root/usr/bin/ferret" --version | grep -c '^ferret ' > /dev/null || fail "/usr/bin/ferret --version"
  note "installed /usr/bin/ferret runs: $("$root/usr/bin/ferret" --version | head -n 1)"

  # the scheduled scan, as the timer starts it, with a share and a loopback collector
  mkdir -p "$work/reports" "$work/share" "$work/collector"
  port=""
  if command -v python3 >/dev/null && command -v curl >/dev/null; then
    python3 - "$work/collector" > "$work/collector.log" 2>&1 <<'PY' &
import http.server, sys, os
out = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0))
        body = self.rfile.read(n)
        name = self.headers.get('X-Ferret-Host', 'unknown') + '-' + self.headers.get('X-Ferret-Exit-Code', 'x')
        with open(os.path.join(out, name + '.jsonl'), 'wb') as f:
            f.write(body)
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
s.timeout = 120
print(s.server_address[1], flush=True)
s.handle_request()
PY
    collector_pid=$!
    for _ in $(seq 50); do port="$(head -n 1 "$work/collector.log" 2>/dev/null || true)"; [ -n "$port" ] && break; sleep 0.1; done
  else
    note "WARNING: python3 or curl missing: the collector upload is not tested"
  fi
  cat > "$work/ferret.default" <<CONF
FERRET_ENABLED=yes
FERRET_COMMAND=persistence
FERRET_ARGS="--quiet --fail-on critical"
FERRET_REPORT_DIR=$work/reports
FERRET_KEEP_DAYS=30
FERRET_COPY_TO=$work/share
FERRET_COLLECTOR_URL=${port:+http://127.0.0.1:$port/ferret}
CONF
  set +e
  env -i FERRET_CONFIG="$work/ferret.default" /opt/ferret/libexec/scheduled-scan 2> "$work/scheduled.err"
  code=$?
  set -e
  [ -n "${collector_pid:-}" ] && { wait "$collector_pid" 2>/dev/null || true; }
  [ "$code" -le 1 ] || { cat "$work/scheduled.err" >&2; fail "scheduled-scan exited with $code"; }
  report="$(ls "$work/reports"/*.jsonl 2>/dev/null | head -n 1)"
  [ -n "$report" ] && tail -n 1 "$report" | grep -c '"kind":"state"' > /dev/null || fail "no complete report in FERRET_REPORT_DIR: $(ls -A "$work/reports")"
  [ -s "${report%.jsonl}.html" ] && grep -q '<html' "${report%.jsonl}.html" || fail "no HTML report beside $report"
  [ -z "$(ls -A "$work/reports" | grep -v -E '\.(jsonl|html)$')" ] || fail "leftovers in the report directory: $(ls -A "$work/reports")"
  cmp -s "$report" "$work/share/$(basename "$report")" || fail "the report was not copied to FERRET_COPY_TO"
  if [ -n "$port" ]; then
    cmp -s "$report" "$(ls "$work/collector"/*.jsonl | head -n 1)" || fail "the collector did not receive the report"
  fi
  grep -q "persistence: exit $code" "$work/scheduled.err" || fail "no result line: $(cat "$work/scheduled.err")"
  note "scheduled-scan: $(cat "$work/scheduled.err")"
  sed -i 's/^FERRET_ENABLED=yes/FERRET_ENABLED=no/' "$work/ferret.default"
  env -i FERRET_CONFIG="$work/ferret.default" /opt/ferret/libexec/scheduled-scan 2>&1 | grep -c disabled > /dev/null \
    || fail "FERRET_ENABLED=no did not stop the scheduled scan"
  exit 0
fi

rm -rf "$work"; mkdir -p "$work"; work="$(cd "$work" && pwd)"
# ---------------------------------------------------------------- contents
dpkg-deb --info "$deb" > "$work/info.txt"
dpkg-deb --contents "$deb" > "$work/contents.txt"
for f in ./opt/ferret/bin/ferret ./opt/ferret/bin/java ./opt/ferret/lib/libyara.so ./opt/ferret/lib/ferret/rules.yarc \
    ./opt/ferret/libexec/scheduled-scan ./usr/bin/ferret ./lib/systemd/system/ferret-scan.service \
    ./lib/systemd/system/ferret-scan.timer ./etc/default/ferret ./etc/cron.d/ferret; do
  grep -q " $f\$" "$work/contents.txt" || fail "the package lacks $f"
done
grep -q '^ Depends: libc6 (>= 2\.' "$work/info.txt" || fail "no libc6 dependency: $(cat "$work/info.txt")"
grep -q 'conffiles' "$work/info.txt" || fail "no conffiles"
note "contents: $(wc -l < "$work/contents.txt") entries, $(grep -m1 '^ Depends' "$work/info.txt" | sed 's/^ //')"
# cron line: five time fields, a user, a command
grep -Eq '^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ root \S' "$here/ferret.cron" || fail "ferret.cron has no valid job line"

# ---------------------------------------------------------------- install into a scratch root
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
# the scratch database knows the host's libc6, so Depends is checked (nothing is forced)
dpkg-query -s libc6 | grep -E '^(Package|Status|Priority|Section|Architecture|Multi-Arch|Version|Maintainer|Description):' \
  > "$root/var/lib/dpkg/status"
echo >> "$root/var/lib/dpkg/status"
touch "$root/var/lib/dpkg/info/libc6:$(dpkg --print-architecture).list"
dpkg_root() { dpkg --root="$root" --force-script-chrootless --log=/dev/null "$@"; }
before_host="$(dpkg-query -W -f '${Package}\n' 2>/dev/null | md5sum)"
dpkg_root -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i into the scratch root"; }
grep -qi 'warning\|error' "$work/install.log" && { cat "$work/install.log" >&2; fail "dpkg -i printed warnings"; }
dpkg-query --root="$root" -W -f '${Status} ${Version}\n' ferret | grep -c '^install ok installed' > /dev/null \
  || fail "ferret is not installed in the scratch root"
[ -x "$root/opt/ferret/bin/ferret" ] && [ -x "$root/usr/bin/ferret" ] || fail "launchers missing after install"
[ -d "$root/var/lib/ferret/reports" ] && [ "$(stat -c %a "$root/var/lib/ferret/reports")" = 700 ] \
  || fail "postinst did not create /var/lib/ferret/reports 0700"
if command -v systemctl >/dev/null; then
  [ -L "$root/etc/systemd/system/timers.target.wants/ferret-scan.timer" ] || fail "postinst did not enable the timer"
fi
"$root/opt/ferret/bin/ferret" --version > /dev/null || fail "the installed image does not run"
note "installed into $root: $(dpkg-query --root="$root" -W -f '${Package} ${Version}' ferret), timer enabled, reports dir 0700"

# ---------------------------------------------------------------- units and scripts, inside a namespace
if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash "$0" "$deb" "$work" --inside
else
  note "WARNING: not root or no unshare: systemd-analyze verify and the scheduled-scan run are skipped"
fi

# ---------------------------------------------------------------- remove, purge
dpkg_root -r ferret > "$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r"; }
left="$(cd "$root" && find . -mindepth 1 ! -path './var/lib/dpkg*' ! -type d | sort)"
[ "$left" = "$(printf './etc/cron.d/ferret\n./etc/default/ferret')" ] || fail "after dpkg -r expected only the conffiles, found: $left"
[ ! -e "$root/etc/systemd/system/timers.target.wants/ferret-scan.timer" ] || fail "the timer is still enabled after removal"
dpkg_root -P ferret > "$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg -P"; }
left="$(cd "$root" && find . -mindepth 1 ! -path './var/lib/dpkg*' ! -type d | sort)"
[ -z "$left" ] || fail "after dpkg -P these remain: $left"
# (empty directories may remain: /etc/systemd/system/timers.target.wants, made by systemctl --root enable,
# belongs to systemd on a real host)
[ ! -e "$root/opt/ferret" ] && [ ! -e "$root/var/lib/ferret" ] || fail "after dpkg -P /opt/ferret or /var/lib/ferret remain"
dpkg-query --root="$root" -W ferret 2>/dev/null | grep -c . > /dev/null && fail "ferret is still known to the scratch database"
[ "$before_host" = "$(dpkg-query -W -f '${Package}\n' 2>/dev/null | md5sum)" ] || fail "the host's package database changed"
note "removed (conffiles kept) and purged (nothing left) cleanly; the host's package database is untouched"
note ".deb ok"
