#!/usr/bin/env bash
# Proves the runtime image works on its own: runs it with an empty environment (no JDK on PATH, no PATH at
# all) and checks that a scan completes and writes a report that ends with the coverage record.
set -euo pipefail
image="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

env -i PATH= "$image/bin/ferret" --version | grep -q '^ferret ' || { echo "smoke: --version failed" >&2; exit 1; }
set +e
env -i PATH= "$image/bin/ferret" scan --format jsonl --cpu-window 0.5 --quiet --output "$tmp/report.jsonl"
code=$?
set -e
if [ "$code" -gt 1 ]; then
  echo "smoke: scan exited with $code" >&2; exit 1
fi
tail -n 1 "$tmp/report.jsonl" | grep -q '"kind":"state"' || { echo "smoke: no state record" >&2; exit 1; }
grep -q '"processes"' "$tmp/report.jsonl" || { echo "smoke: no process coverage (JNA or /proc failed)" >&2; exit 1; }
echo "smoke: runtime image scan ok (exit $code, $(wc -l < "$tmp/report.jsonl") lines)"
