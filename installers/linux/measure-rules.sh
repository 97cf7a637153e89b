#!/usr/bin/env bash
# Measures what a compiled rule bundle saves, with the runtime image itself (its libyara, its JVM flags):
#   - the built-in rules and, when present, a community rule set: compile time (ferret rules compile) against
#     checksum + load time of the bundle (ferret rules check), in-process;
#   - end to end: `ferret files EMPTY_DIR` with the rules as sources against the same rules as a bundle.
# Prints the numbers and writes them to OUT_FILE.
# Usage: measure-rules.sh IMAGE OUT_FILE [COMMUNITY_RULES_DIR]
set -euo pipefail
image="$(cd "$1" && pwd)"; out="$2"; community="${3:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp="$(sed -n 's/.*-cp "\([^"]*\)".*/\1/p' "$image/bin/ferret" | sed "s|\\\$home|$image|g")"
rules() {  # the image's JVM running `ferret rules ...` (the command may not be registered in Main yet)
  env -i "$image/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:-UsePerfData -Dferret.home="$image" -Djna.boot.library.path="$image/lib/ferret" -Djna.nounpack=true \
    -Djna.nosys=true -Doshi.os.linux.allowudev=false -cp "$cp" dev.ferret.cli.RulesCommand "$@"
}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
mkdir -p "$tmp/empty"
: > "$out"
report() { echo "rules: $*"; echo "$*" >> "$out"; }

measure() {  # NAME COMPILE-ARGS...
  local name="$1"; shift
  local compile check
  compile="$(rules compile "$@" -o "$tmp/$name.yarc")"
  check="$(rules check "$tmp/$name.yarc")"
  local count c_ms size l_ms v_ms
  count="$(echo "$compile" | sed -n 's/.*compiled \([0-9]*\) rules.*/\1/p')"
  c_ms="$(echo "$compile" | sed -n 's/.* in \([0-9]*\) ms .*/\1/p')"
  size="$(stat -c %s "$tmp/$name.yarc")"
  v_ms="$(echo "$check" | sed -n 's/.*checksum ok (\([0-9]*\) ms).*/\1/p')"
  l_ms="$(echo "$check" | sed -n 's/.*loaded in \([0-9]*\) ms.*/\1/p')"
  report "$name: $count rules; compile ${c_ms} ms, bundle ($(( size / 1024 )) KiB) checksum ${v_ms} ms + load ${l_ms} ms (in process)"
}
measure built-in
if [ -n "$community" ] && [ -d "$community" ]; then
  measure community --no-builtin-rules --rules "$community"
  # end to end, the whole command: sources compiled at start against the bundle loaded
  s=$(date +%s%N)
  env -i "$image/bin/ferret" files "$tmp/empty" --no-builtin-rules --rules "$community" --quiet --format jsonl \
    --output "$tmp/a.jsonl" || true
  t_src=$(ms "$s")
  s=$(date +%s%N)
  env -i "$image/bin/ferret" files "$tmp/empty" --no-builtin-rules --rules "$tmp/community.yarc" --quiet \
    --format jsonl --output "$tmp/b.jsonl" || true
  t_bun=$(ms "$s")
  n_src="$(grep -o '"yara_rules":[0-9]*' "$tmp/a.jsonl" | head -n 1 | cut -d: -f2)"
  n_bun="$(grep -o '"yara_rules":[0-9]*' "$tmp/b.jsonl" | head -n 1 | cut -d: -f2)"
  [ -n "$n_bun" ] && [ "$n_bun" = "$n_src" ] \
    || { echo "rules: the scan with the bundle used ${n_bun:-no} rules, from sources ${n_src:-no}" >&2; exit 1; }
  report "community, whole 'ferret files' run on an empty folder: from sources ${t_src} ms, from the bundle ${t_bun} ms"
else
  report "community rule set not found (${community:-not given}): only the built-in rules measured"
fi
