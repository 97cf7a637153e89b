#!/usr/bin/env bash
# ./ferret leaves nothing on the host (issue 13): scans run in a private mount namespace whose /tmp, /var/tmp,
# /dev/shm and HOME start empty; afterwards nothing may be in them but the report folder (no hsperfdata_*, no
# ~/.cache/JNA, no /tmp/jna*, no /tmp/ffi*). Needs root for unshare -m; bounded by timeout.
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
  echo "launcher-footprint: needs root and unshare: skipped (0 tests)"
  exit 0
fi
./mvnw -B -o -q -Dmaven.test.skip=true -pl scanner -am package   # built here, so ./ferret does not build below
work="$(pwd)/scanner/target/footprint"
rm -rf "$work" && mkdir -p "$work/tree"
printf 'pretend miner stratum+tcp://127.0.0.1:3333\n' > "$work/tree/x"
timeout 600 unshare -m --propagation private bash -s "$work" <<'INNER'
set -euo pipefail
work="$1"
for d in /tmp /var/tmp /dev/shm; do mount -t tmpfs footprint "$d"; done
export HOME=/tmp/home && mkdir -p "$HOME"
mkdir -p /tmp/report
fails=0 tests=0
run() {
  tests=$((tests + 1))
  code=0
  ./ferret "$@" --quiet --format jsonl -o /tmp/report/ || code=$?
  if [ "$code" -gt 1 ]; then echo "launcher-footprint: FAIL ./ferret $* exited $code"; fails=$((fails + 1)); fi
}
run processes
run persistence
run files "$work/tree"
left="$(find /tmp /var/tmp /dev/shm -mindepth 1 -not -path '/tmp/report*' -not -path /tmp/home | sort)"
tests=$((tests + 1))
if [ -n "$left" ]; then
  echo "launcher-footprint: FAIL left outside the report folder:"; echo "$left" | sed 's/^/  /'
  fails=$((fails + 1))
fi
reports=$(find /tmp/report -name '*.jsonl' | wc -l)
tests=$((tests + 1))
[ "$reports" -eq 3 ] || { echo "launcher-footprint: FAIL expected 3 reports, found $reports"; fails=$((fails + 1)); }
echo "launcher-footprint: $tests tests, $fails failures"
[ "$fails" -eq 0 ]
INNER
