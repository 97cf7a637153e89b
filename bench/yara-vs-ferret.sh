#!/usr/bin/env bash
# Side-by-side benchmark of ferret and the yara command-line tool, like for like: the same files (no size cap
# on either side), the same compiled rules (one bundle compiled once by ferret, loaded by both), the same
# number of threads, warm page cache. Runs the two tools interleaved, ROUNDS times, and prints every time,
# the medians and their ratios, peak RSS, and the (file, rule) matches of both sides with their difference.
#
#   bench/yara-vs-ferret.sh [CORPUS_DIR] [RULES_DIR]
#
# CORPUS_DIR (default /tmp/ferret-bench/corpus) is built on first use: ~2 GB copied from this machine's
# JDKs, shared libraries, docs, Python library and binaries. RULES_DIR defaults to the community rule set
# beside the checkout (../shared/rules/signature-base/yara). ROUNDS (default 3), THREADS (default 2).
# MEMORY=1 adds the process-memory comparison. Needs: yara, /usr/bin/time, a build.
#
# Ratios printed (ferret / yara, below 1 means ferret is faster):
#   full set, with hashing    ferret files (MD5 + SHA-256 of every file) vs yara -p THREADS
#   full set, without hashing ferret files --no-hashes vs the same yara run
#   cached re-sweep           ferret files --cache, unchanged corpus, second run (vs the yara run)
#   start-up                  ferret --version vs yara --version (and the runtime image's, when one is built:
#                             IMAGE, default installers/target/ferret-linux-x86_64)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=/tmp/ferret-bench
corpus="${1:-$work/corpus}"
rules_dir="${2:-}"
if [ -z "$rules_dir" ]; then  # the snapshot beside the checkout (or beside a worktree's parent)
  for d in "$here/../shared" "$here/../../shared"; do
    [ -d "$d/rules/signature-base/yara" ] && { rules_dir="$d/rules/signature-base/yara"; break; }
  done
fi
rules_dir="${rules_dir:-$here/../shared/rules/signature-base/yara}"
threads="${THREADS:-2}"
rounds="${ROUNDS:-3}"
mkdir -p "$work"

for tool in yara /usr/bin/time; do
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
# the copy keeps symlinks; neither tool follows them (yara -N, ferret never)
files=$(find "$corpus" -type f | wc -l)
size=$(du -sh "$corpus" | cut -f1)
largest=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -n 1)
cap_mib=$(( largest / 1048576 + 1 ))

ferret=("${FERRET:-$here/ferret}")   # FERRET: another launcher, e.g. a frozen copy of a build
FERRET_PRIORITY=normal "${ferret[@]}" --version >/dev/null   # builds when needed, outside the timing

# One bundle for both: ferret compiles it (with its partition beside it), yara -C loads the same file.
compiled="$work/rules.yarc"
echo "bench: compiling $(ls "$rules_dir"/*.yar* | wc -l) rule files once (ferret rules compile)"
rm -rf "$compiled" "$compiled.sha256" "$compiled.parts"
FERRET_PRIORITY=normal "${ferret[@]}" rules compile --rules "$rules_dir" --no-builtin-rules -o "$compiled" \
  > "$work/compile.log" 2>&1 || { cat "$work/compile.log" >&2; exit 1; }
tail -n 3 "$work/compile.log"

echo "bench: warming the page cache"
find "$corpus" -type f -print0 | xargs -0 cat > /dev/null

run() { # label, command... -> "seconds peak-RSS-KiB cpu-seconds"
  local label="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
  tail -n 1 "$work/$label.time" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}
ferret_files() { # label, extra options...
  local label="$1"; shift
  run "$label" env FERRET_PRIORITY=normal "${ferret[@]}" files "$corpus" --rules "$compiled" --no-builtin-rules \
    --threads "$threads" --max-file-size "$cap_mib" --format jsonl --no-facts --quiet --fail-on critical \
    -o "$work/$label.jsonl" "$@"
}

echo "bench: $files files, $size (largest $largest bytes; ferret's cap ${cap_mib} MiB: no file left out)," \
  "$threads threads, $rounds rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a Y F FN YR FR FNR YC FC FNC
for r in $(seq "$rounds"); do
  read -r s m c < <(run yara yara -w -r -N -e -p "$threads" -C "$compiled" "$corpus"); Y+=("$s"); YR+=("$m"); YC+=("$c")
  read -r s m c < <(ferret_files ferret --paranoid); F+=("$s"); FR+=("$m"); FC+=("$c")
  read -r s m c < <(run yara yara -w -r -N -e -p "$threads" -C "$compiled" "$corpus"); Y+=("$s"); YR+=("$m"); YC+=("$c")
  read -r s m c < <(ferret_files ferret-nohash --paranoid --no-hashes); FN+=("$s"); FNR+=("$m"); FNC+=("$c")
  echo "bench: round $r (wall/CPU s): yara ${Y[-2]}/${YC[-2]}, ferret ${F[-1]}/${FC[-1]}," \
    "yara ${Y[-1]}/${YC[-1]}, ferret --no-hashes ${FN[-1]}/${FNC[-1]}; load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# cached re-sweep: one run fills the cache, the next ones find the corpus unchanged
rm -f "$work/sweep.cache"
ferret_files ferret-cache-fill --cache "$work/sweep.cache" > /dev/null
declare -a C
for r in $(seq "$rounds"); do
  read -r s m c < <(ferret_files ferret-cached --cache "$work/sweep.cache"); C+=("$s")
done

# start-up
SY=() SF=() SI=()   # SI stays empty without an image (set -u needs it assigned)
image="${IMAGE:-$here/installers/target/ferret-linux-x86_64}"
for r in $(seq 9); do
  read -r s m c < <(run yara-version yara --version); SY+=("$s")
  read -r s m c < <(run ferret-version env FERRET_PRIORITY=normal "${ferret[@]}" --version); SF+=("$s")
  if [ -x "$image/bin/ferret" ]; then
    read -r s m c < <(run image-version "$image/bin/ferret" --version); SI+=("$s")
  fi
done

# matches: (file, rule) pairs on both sides
sed -E 's/^([^ ]+) (.*)$/\2\t\1/' "$work/yara.out" | LC_ALL=C sort -u > "$work/yara.pairs"
python3 - "$work/ferret.jsonl" > "$work/ferret.pairs" <<'PY'
import json, re, sys
seen = set()
reason = re.compile(r"^YARA rule (\S+) matched ")
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if (e.get("rule") or {}).get("id") != "yara.file":
        continue
    path = (e.get("file") or {}).get("path")
    for r in (e.get("ferret") or {}).get("reasons") or []:
        m = reason.match(r)
        if m and path:
            seen.add((path, m.group(1)))
for path, rule in sorted(seen):
    print(f"{path}\t{rule}")
PY
LC_ALL=C sort -o "$work/ferret.pairs" "$work/ferret.pairs"
y_pairs=$(wc -l < "$work/yara.pairs"); f_pairs=$(wc -l < "$work/ferret.pairs")
only_y=$(LC_ALL=C comm -23 "$work/yara.pairs" "$work/ferret.pairs" | wc -l)
only_f=$(LC_ALL=C comm -13 "$work/yara.pairs" "$work/ferret.pairs" | wc -l)
# ferret gives every file the external variables LOKI and THOR rules expect (filename, filepath, extension,
# filetype); yara -d can only set one value for a whole run. A difference in a rule that reads them is that.
LC_ALL=C comm -3 "$work/yara.pairs" "$work/ferret.pairs" | sed 's/^\t//' > "$work/differences"
explained=$(python3 - "$rules_dir" "$work/differences" <<'PY'
import os, re, sys
rules_dir, differences = sys.argv[1], sys.argv[2]
reads_externals = set()
for name in os.listdir(rules_dir):
    base, ext = os.path.splitext(name)
    if ext not in (".yar", ".yara"):
        continue
    text = open(os.path.join(rules_dir, name), encoding="utf-8", errors="replace").read()
    # each rule's text runs to the next rule's keyword: enough to see what its condition reads
    starts = list(re.finditer(r"^\s*(?:(?:private|global)\s+)*rule\s+(\w+)", text, re.M))
    for i, m in enumerate(starts):
        body = text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        condition = body.split("condition:", 1)[-1]
        if re.search(r"\b(filename|filepath|extension|filetype)\b", condition):
            reads_externals.add(base + ":" + m.group(1))
count = 0
for line in open(differences, encoding="utf-8", errors="replace"):
    rule = line.rstrip("\n").split("\t")[-1]
    count += rule in reads_externals
print(count)
PY
)

ym=$(median "${Y[@]}"); fm=$(median "${F[@]}"); fnm=$(median "${FN[@]}"); cm=$(median "${C[@]}")
sym=$(median "${SY[@]}"); sfm=$(median "${SF[@]}")
echo
printf '%-34s %s\n' "yara -p $threads (s)" "${Y[*]}  median $ym"
printf '%-34s %s\n' "ferret, MD5+SHA-256 (s)" "${F[*]}  median $fm"
printf '%-34s %s\n' "ferret --no-hashes (s)" "${FN[*]}  median $fnm"
printf '%-34s %s\n' "CPU user+sys (s)" "yara ${YC[*]}; ferret ${FC[*]}; ferret --no-hashes ${FNC[*]}"
printf '%-34s %s\n' "ferret cached re-sweep (s)" "${C[*]}  median $cm"
printf '%-34s %s\n' "start-up --version (s)" "yara median $sym, ferret median $sfm (${SF[*]})"
[ "${#SI[@]}" -gt 0 ] && printf '%-34s %s\n' "runtime image --version (s)" "median $(median "${SI[@]}") (${SI[*]}; $image)"
printf '%-34s %s\n' "peak RSS (MB)" "yara $(( $(max "${YR[@]}") / 1024 )), ferret $(( $(max "${FR[@]}") / 1024 )), ferret --no-hashes $(( $(max "${FNR[@]}") / 1024 ))"
printf '%-34s %s\n' "matches (file, rule)" "yara $y_pairs, ferret $f_pairs; only yara $only_y, only ferret $only_f;\
 $explained of these in rules that read per-file external variables (list: $work/differences)"
ycm=$(median "${YC[@]}"); fcm=$(median "${FC[@]}"); fncm=$(median "${FNC[@]}")
awk -v f="$fm" -v n="$fnm" -v c="$cm" -v y="$ym" -v sf="$sfm" -v sy="$sym" -v yc="$ycm" -v fc="$fcm" -v nc="$fncm" 'BEGIN {
  printf "ratio ferret/yara, CPU time with hashing:     %.2f (without: %.2f)\n", fc / yc, nc / yc
  printf "ratio ferret/yara, full set with hashing:    %.2f\n", f / y
  printf "ratio ferret/yara, full set without hashing: %.2f\n", n / y
  printf "ratio ferret/yara, cached re-sweep:          %.2f (%.2f s)\n", c / y, c
  printf "ratio ferret/yara, start-up:                 %.2f (%.0f ms vs %.0f ms)\n", sf / (sy > 0 ? sy : 0.01), sf * 1000, sy * 1000 }'
grep -o '"sweep":{[^}]*}' "$work/ferret.jsonl" | tail -n 1 || true

[ "${MEMORY:-0}" = 1 ] || exit 0
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
  timeout 120 yara -w -C "$compiled" "$pid" > /dev/null 2>&1 || true
done
y_mem=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
r1=$(rss $idle)
read -r f_mem f_mem_rss _ < <(run ferret-memory env FERRET_PRIORITY=normal "${ferret[@]}" memory \
  --rules "$compiled" --no-builtin-rules --threads "$threads" --format jsonl --no-facts --quiet \
  --fail-on critical -o "$work/ferret-memory.jsonl")
r2=$(rss $idle)
printf '%-22s %9s\n' "yara per-pid loop" "$y_mem s"
printf '%-22s %9s (peak RSS %d MB)\n' "ferret memory" "$f_mem s" $((f_mem_rss / 1024))
awk -v f="$f_mem" -v y="$y_mem" 'BEGIN { printf "ratio yara/ferret: %.1fx faster\n", y / f }'
echo "idle JVM target RSS: ${r0} kB before, ${r1} kB after yara, ${r2} kB after ferret"
