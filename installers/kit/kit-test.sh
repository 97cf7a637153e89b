#!/usr/bin/env bash
# CI check of the USB kit, as a responder would use it on a host with nothing installed:
#   - a copy of the kit, mounted read-only, with its results/ on separate writable "media";
#   - no JDK on the host at all (a private mount namespace hides /usr/lib/jvm), an empty environment (env -i);
#   - a real `ferret scan` through the kit's ferret.sh: the report must land in results/, and nothing may be
#     written anywhere else on the host (/tmp, /var/tmp, /dev/shm and root's home are private empty tmpfs
#     mounts for the test and must stay as they were; the current directory too; no JNA or JVM droppings);
#   - drop-in rules and IOC files are used; the text report is shown;
#   - a noexec mount is detected and the workaround printed; a read-only results/ is refused unless --output;
#   - a modified file and an added file make the launcher refuse the kit, with one line.
# Needs root and unshare(1) for the namespace; without them it runs a reduced check (chmod -R a-w) and says so.
# Usage: kit-test.sh KIT_DIR WORK_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { echo "kit-test: FAILED: $*" >&2; exit 1; }
note() { echo "kit-test: $*"; }

if [ "${1:-}" != --inside ]; then
  kit_src="$(cd "$1" && pwd)"; work="$2"
  case "$work" in /tmp/*|/var/tmp/*|/dev/shm/*|/root/*) fail "WORK_DIR must not be under /tmp, /var/tmp, /dev/shm or /root" ;; esac
  rm -rf "$work"; mkdir -p "$work"; work="$(cd "$work" && pwd)"
  cp -a "$kit_src" "$work/kit"
  # the responder's own additions: a rule and a hash IOC for a planted sample
  marker='ferret kit test sample 9d3a51c7'
  echo 'rule Kit_Test_Dropin { strings: $m = "ferret kit test sample 9d3a51c7" condition: $m }' \
    > "$work/kit/signatures/rules/kit-test.yar"
  mkdir -p "$work/planted"
  printf '%s (planted)\n' "$marker" > "$work/planted/sample.bin"
  echo "$(sha256sum "$work/planted/sample.bin" | cut -d' ' -f1);kit test planted sample (hash IOC)" \
    > "$work/kit/signatures/iocs/kit-test-hashes.txt"
  if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
    exec unshare -m --propagation private bash "$0" --inside "$work"
  fi
  note "WARNING: not root or no unshare: reduced check (kit chmod -R a-w, JDKs not hidden, /tmp not isolated)"
  reduced=yes
else
  work="$2"; reduced=no
fi

kit="$work/kit"
results_media="$work/usb-results"
mkdir -p "$results_media" "$work/cwd" "$work/elsewhere"
if [ $reduced = no ]; then
  # the host as the kit sees it: no Java anywhere, private empty temp dirs and home to watch
  [ ! -d /usr/lib/jvm ] || mount -t tmpfs -o size=64m tmpfs /usr/lib/jvm
  for d in /tmp /var/tmp /dev/shm /root; do mount -t tmpfs -o size=256m tmpfs "$d"; done
  chmod 1777 /tmp /var/tmp /dev/shm
  # a planted sample where malware lives: the full scan must find it with the drop-in rule
  mkdir /tmp/.cache-x && cp "$work/planted/sample.bin" /tmp/.cache-x/sample.bin
  # the kit read-only, its results/ on writable media
  mount --bind "$kit" "$kit"
  mount -o remount,bind,ro "$kit"
  mount --bind "$results_media" "$kit/results"
  if touch "$kit/.rw-probe" 2>/dev/null; then fail "the kit copy is not read-only"; fi
  command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1 && fail "a JDK is still reachable on the host"
  note "kit copy mounted read-only at $kit, results/ writable, /usr/lib/jvm hidden, /tmp /var/tmp /dev/shm /root private"
else
  cp -a "$kit/results/." "$results_media/" 2>/dev/null || true
  rm -rf "$kit/results"; ln -s "$results_media" "$kit/results"
  chmod -R a-w "$kit"
fi

snapshot() {  # everything in the watched places, with sizes
  for d in /tmp /var/tmp /dev/shm /root "$work/cwd"; do
    find "$d" -xdev \( -type f -o -type d -o -type l \) -printf '%p %s\n' 2>/dev/null
  done | sort
}
snapshot > "$work/before.txt"
touch "$work/start-marker"

# ------------------------------------------------------------------ 1. a real scan, empty environment
cd "$work/cwd"
set +e
start=$(date +%s)
env -i sh "$kit/ferret.sh" scan --format jsonl --cpu-window 0.5 > "$work/scan.out" 2> "$work/scan.err"
code=$?
set -e
note "ferret.sh scan: exit $code in $(( $(date +%s) - start )) s"
[ "$code" -le 1 ] || { cat "$work/scan.err" >&2; fail "the scan exited with $code"; }
grep -q 'kit verified against MANIFEST.sha256' "$work/scan.err" || fail "the launcher did not verify the kit: $(cat "$work/scan.err")"
reports=("$results_media"/ferret-*.jsonl)
[ ${#reports[@]} -eq 1 ] && [ -f "${reports[0]}" ] || fail "expected one report in results/, found: $(ls -A "$results_media")"
report="${reports[0]}"
tail -n 1 "$report" | grep -c '"kind":"state"' > /dev/null || fail "the report does not end with its coverage record"
grep -q '"processes"' "$report" || fail "the report has no process coverage"
grep -q 'Kit_Test_Dropin' "$report" || fail "the drop-in rule did not find the planted sample in /tmp"
! grep -q 'YARA unavailable' "$report" || fail "YARA unavailable from the kit"
note "report in the kit's results/: $(basename "$report") ($(wc -l < "$report") lines; the drop-in rule found /tmp/.cache-x/sample.bin)"

# ------------------------------------------------------------------ 2. text report shown; drop-in IOCs
set +e
env -i sh "$kit/ferret.sh" files "$work/planted" --fail-on low > "$work/files.out" 2> "$work/files.err"
fcode=$?
set -e
[ "$fcode" -le 1 ] || { cat "$work/files.err" >&2; fail "ferret.sh files exited with $fcode"; }
grep -q 'report: .*/results/ferret-.*\.txt' "$work/files.err" || fail "no text report announced: $(cat "$work/files.err")"
grep -qi 'Kit_Test_Dropin\|kit test planted sample' "$work/files.out" || fail "the text report was not shown, or lacks the drop-in findings: $(head -c 1500 "$work/files.out")"
grep -q 'kit test planted sample' "$work/files.out" || fail "the drop-in hash IOC did not match: $(head -c 1500 "$work/files.out")"
note "text report shown on the terminal and kept in results/; drop-in rule and hash IOC matched"

# ------------------------------------------------------------------ 3. nothing else written on the host
snapshot > "$work/after.txt"
if ! diff "$work/before.txt" "$work/after.txt" > "$work/host-diff.txt"; then
  cat "$work/host-diff.txt" >&2
  fail "the kit wrote on the host (above: < before, > after)"
fi
if [ $reduced = no ]; then
  # the rest of this filesystem: other processes share it, so only what could be ours is judged
  # (the source tree is left out: builds running beside this test write ferret-named files there; a report
  # or a JVM/JNA file is what a leak looks like, not any path with "ferret" in it, such as dev/ferret/ sources)
  repo="$(cd "$here/../.." && pwd)"
  find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \
    -o -path "$work" -o -path "$repo" \) -prune -o -type f -newer "$work/start-marker" -print 2>/dev/null \
    | grep -iE 'jna|hsperf|/ferret-[^/]*$|jnidispatch|/ffi[^/]*$|hs_err' > "$work/suspects.txt" || true
  [ ! -s "$work/suspects.txt" ] || fail "files written during the kit run look like ours: $(cat "$work/suspects.txt")"
fi
note "nothing written on the host: /tmp, /var/tmp, /dev/shm, root's home and the current directory unchanged; no JNA/JVM files anywhere"

# ------------------------------------------------------------------ 4. results/ not writable; noexec
if [ $reduced = no ]; then
  umount "$kit/results"
  set +e
  env -i sh "$kit/ferret.sh" persistence > /dev/null 2> "$work/ro.err"; rcode=$?
  set -e
  [ "$rcode" -eq 2 ] && grep -q "results/ folder is not writable" "$work/ro.err" \
    || fail "a read-only results/ was not refused (exit $rcode): $(cat "$work/ro.err")"
  set +e
  env -i sh "$kit/ferret.sh" persistence --format jsonl --quiet --output "$work/elsewhere" 2> "$work/else.err"; ecode=$?
  set -e
  [ "$ecode" -le 1 ] && ls "$work/elsewhere"/ferret-*.jsonl > /dev/null 2>&1 \
    || fail "--output on other media did not work (exit $ecode): $(cat "$work/else.err")"
  note "read-only results/: refused with a clear line; --output on other media works"

  mount -o remount,bind,ro,noexec "$kit"
  set +e
  env -i sh "$kit/ferret.sh" scan > /dev/null 2> "$work/noexec.err"; ncode=$?
  set -e
  [ "$ncode" -eq 3 ] && grep -q 'mounted noexec' "$work/noexec.err" && grep -q 'remount,exec' "$work/noexec.err" \
    || fail "a noexec mount was not detected (exit $ncode): $(cat "$work/noexec.err")"
  note "noexec mount detected, workaround printed: $(grep -m1 'mounted noexec' "$work/noexec.err")"
  mount -o remount,bind,ro,exec "$kit"
fi

# ------------------------------------------------------------------ 5. a modified kit is refused
tamper() {  # NAME COMMAND...: a copy of the kit, then COMMAND changes it
  local name="$1"; shift
  rm -rf "$work/$name"; cp -a "$kit" "$work/$name"; chmod -R u+w "$work/$name"
  (cd "$work/$name" && "$@")
  set +e
  env -i sh "$work/$name/ferret.sh" --version > /dev/null 2> "$work/$name.err"; tcode=$?
  set -e
}
tamper changed sh -c 'cp linux-x86_64/lib/ferret/modules.txt m && echo java.desktop >> m && rm linux-x86_64/lib/ferret/modules.txt && mv m linux-x86_64/lib/ferret/modules.txt'
[ "$tcode" -eq 2 ] && [ "$(wc -l < "$work/changed.err")" -eq 1 ] && grep -q 'does not match its manifest' "$work/changed.err" \
  || fail "a changed file was not refused with one line (exit $tcode): $(cat "$work/changed.err")"
note "changed file refused: $(cat "$work/changed.err")"
tamper added sh -c 'cp linux-x86_64/app/slf4j-nop-*.jar linux-x86_64/app/zz-extra.jar'
[ "$tcode" -eq 2 ] && grep -q 'does not list' "$work/added.err" \
  || fail "an added jar was not refused (exit $tcode): $(cat "$work/added.err")"
note "added file refused: $(cat "$work/added.err")"
tamper removed sh -c 'rm linux-x86_64/lib/ferret/rules.yarc.sha256 2>/dev/null || rm linux-x86_64/lib/ferret/modules.txt'
[ "$tcode" -eq 2 ] || fail "a removed file was not refused (exit $tcode): $(cat "$work/removed.err")"
note "removed file refused: $(cat "$work/removed.err")"
# the manifest and its hashes rewritten to match a changed file: only the signature can tell
tamper resealed sh -c 'echo "# extra" >> linux-x86_64/lib/ferret/modules.txt && find . -type f ! -path ./MANIFEST.sha256 \
  ! -path ./MANIFEST.sha256.sig ! -path "./results/*" ! -path "./signatures/rules/*" ! -path "./signatures/iocs/*" \
  -printf "%P\0" | LC_ALL=C sort -z | xargs -0 sha256sum > MANIFEST.sha256'
[ "$tcode" -eq 2 ] && [ "$(grep -c "signature does not verify" "$work/resealed.err")" -eq 1 ] \
  || fail "a re-sealed kit with the old signature was not refused with one line (exit $tcode): $(cat "$work/resealed.err")"
note "re-sealed kit refused by its signature: $(cat "$work/resealed.err")"
tamper sigflip sh -c 'sed -i "s/ \(.\)/ X\1/2" MANIFEST.sha256.sig'
[ "$tcode" -eq 2 ] && grep -q "signature does not verify" "$work/sigflip.err" \
  || fail "a changed kit signature was not refused (exit $tcode): $(cat "$work/sigflip.err")"
note "changed kit signature refused: $(cat "$work/sigflip.err")"
rm -rf "$work/changed" "$work/added" "$work/removed" "$work/resealed" "$work/sigflip"

note "USB kit ok"
