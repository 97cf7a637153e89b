#!/usr/bin/env bash
# Side-by-side benchmark of ferret and the yara command-line tool, on the same rules and the same files,
# in one run, warm cache. Prints both times and their ratio.
#
#   bench/yara-vs-ferret.sh [CORPUS_DIR] [RULES_DIR]
#
# CORPUS_DIR (default /tmp/ferret-bench/corpus) is built on first use: ~2 GB copied from this machine's
# JDKs, shared libraries, docs, Python library and binaries. RULES_DIR defaults to the community rule set
# beside the checkout (../shared/rules/signature-base/yara). Both tools load the same compiled rules
# (yarac with the external variables community rules expect). Needs: yara, yarac, /usr/bin/time, a build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=/tmp/ferret-bench
corpus="${1:-$work/corpus}"
rules_dir="${2:-$here/../shared/rules/signature-base/yara}"
threads="${THREADS:-2}"
mkdir -p "$work"

for tool in yara yarac /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install yara time)" >&2; exit 2; }
done
[ -d "$rules_dir" ] || { echo "bench: no rules at $rules_dir" >&2; exit 2; }

if [ ! -d "$corpus" ]; then
  echo "bench: building corpus in $corpus (~2 GB)"
  mkdir -p "$corpus"
  for d in /usr/lib/jvm /usr/lib/x86_64-linux-gnu /usr/share/doc /usr/lib/python3 /usr/bin /usr/lib/gcc /usr/libexec; do
    [ -d "$d" ] && cp -a "$d" "$corpus/$(echo "$d" | tr / _)" 2>/dev/null || true
    [ "$(du -sm "$corpus" | cut -f1)" -ge 2048 ] && break
  done
fi
# the copy keeps symlinks; neither tool follows them
files=$(find "$corpus" -type f | wc -l)
size=$(du -sh "$corpus" | cut -f1)

externals=(-d filename= -d filepath= -d extension= -d filetype= -d owner=)
compiled="$work/rules.yarc"
echo "bench: compiling $(ls "$rules_dir"/*.yar* | wc -l) rule files with yarac"
yarac -w "${externals[@]}" "$rules_dir"/*.yar* "$compiled" 2>"$work/yarac.log" || {
  echo "bench: yarac failed, see $work/yarac.log" >&2; exit 1; }

ferret=("$here/ferret")
FERRET_PRIORITY=normal "${ferret[@]}" --version >/dev/null   # builds when needed, outside the timing

echo "bench: warming the page cache"
find "$corpus" -type f -print0 | xargs -0 cat > /dev/null

run() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
  read -r secs rss < <(tail -n 1 "$work/$label.time")
  echo "$secs $rss"
}

echo "bench: $files files, $size, rules: $compiled, $threads threads"
read -r y_secs y_rss < <(run yara yara -r -w -p "$threads" "${externals[@]}" -C "$compiled" "$corpus")
read -r f_secs f_rss < <(run ferret env FERRET_PRIORITY=normal "${ferret[@]}" files "$corpus" \
  --rules "$compiled" --no-builtin-rules --paranoid --threads "$threads" --max-file-size 4096 \
  --format jsonl --no-facts --quiet --fail-on critical -o "$work/ferret.jsonl")

y_hits=$(wc -l < "$work/yara.out")
f_hits=$(grep -c '"kind":"alert"' "$work/ferret.jsonl" || true)
printf '\n%-8s %9s %12s %10s\n' tool seconds "peak RSS MB" matches
printf '%-8s %9s %12d %10s\n' yara "$y_secs" $((y_rss / 1024)) "$y_hits (rule,file pairs)"
printf '%-8s %9s %12d %10s\n' ferret "$f_secs" $((f_rss / 1024)) "$f_hits (files with findings; MD5+SHA-256 of every file)"
awk -v f="$f_secs" -v y="$y_secs" 'BEGIN { printf "ratio ferret/yara: %.2f\n", f / y }'
tail -n 1 "$work/ferret.jsonl" | grep -o '"sweep":{[^}]*}' || true

# ---- process memory: every process, ferret memory vs. a per-pid yara loop ----------------------------
echo
echo "bench: process memory (same compiled rules), with an idle JVM as a target"
cat > "$work/Idle.java" <<'JAVA'
public class Idle { public static void main(String[] a) throws Exception { byte[] b = new byte[64 << 20]; b[0] = 1; Thread.sleep(Long.MAX_VALUE); } }
JAVA
java -Xmx2g -XX:+UseSerialGC "$work/Idle.java" &
idle=$!
trap 'kill $idle 2>/dev/null || true' EXIT
sleep 3
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
r0=$(rss $idle)
pids=$(ls /proc | grep -E '^[0-9]+$' | grep -v "^$$\$" || true)
start=$(date +%s.%N)
for pid in $pids; do
  [ -r "/proc/$pid/maps" ] || continue
  timeout 120 yara -w "${externals[@]}" -C "$compiled" "$pid" > /dev/null 2>&1 || true
done
y_mem=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
r1=$(rss $idle)
read -r f_mem f_mem_rss < <(run ferret-memory env FERRET_PRIORITY=normal "${ferret[@]}" memory \
  --rules "$compiled" --no-builtin-rules --threads "$threads" --format jsonl --no-facts --quiet \
  --fail-on critical -o "$work/ferret-memory.jsonl")
r2=$(rss $idle)
printf '%-22s %9s\n' "yara per-pid loop" "$y_mem s"
printf '%-22s %9s (peak RSS %d MB)\n' "ferret memory" "$f_mem s" $((f_mem_rss / 1024))
awk -v f="$f_mem" -v y="$y_mem" 'BEGIN { printf "ratio yara/ferret: %.1fx faster\n", y / f }'
echo "idle JVM target RSS: ${r0} kB before, ${r1} kB after yara, ${r2} kB after ferret"
