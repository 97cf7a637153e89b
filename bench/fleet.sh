#!/usr/bin/env bash
# ferret fleet at scale: a synthetic fleet of N hosts (default 5000) replaying a real report of this machine,
# answered embedded (time, peak RSS), then shipped into a local OpenSearch node (ingest rate) and answered there
# (query time). Not a test: it prints numbers. Needs Temurin 25 for the OpenSearch part (skipped without).
#   bench/fleet.sh [HOSTS]      FLEET_TEMPLATE=report.jsonl to reuse a report instead of scanning this host
set -euo pipefail
cd "$(dirname "$0")/.."
hosts="${1:-5000}"
work="$(mktemp -d /tmp/ferret-fleet-bench.XXXXXX)"
node_pid=""
cleanup() { [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
./mvnw -q -B -Dmaven.test.skip=true -pl fleet -am package
cp="fleet/target/ferret-fleet.jar:fleet/target/lib/*:scanner/target/ferret-scanner.jar:scanner/target/lib/*"

template="${FLEET_TEMPLATE:-}"
if [ -z "$template" ]; then
  template="$work/template.jsonl"
  echo "fleet bench: scanning this host for a real report shape (ferret scan --format jsonl)..."
  ./ferret scan --format jsonl -q -o "$template" || [ $? -le 1 ]
fi
echo "fleet bench: template $(wc -l <"$template") lines, $(du -h "$template" | cut -f1)"
start=$(date +%s.%N)
java -cp "$cp" dev.ferret.fleet.generate.FleetGenerator "$template" "$work/fleet" "$hosts" >/dev/null
echo "fleet bench: generated $hosts hosts in $(echo "$(date +%s.%N) - $start" | bc) s:" \
  "$(du -sh --apparent-size "$work/fleet" | cut -f1) on disk (Linux half gzipped)," \
  "$(find "$work/fleet" -name '*.jsonl.gz' -exec zcat {} + | wc -c | numfmt --to=iec) + $(find "$work/fleet" -name '*.jsonl' -exec cat {} + | wc -c | numfmt --to=iec) of JSON Lines"

echo "== embedded: load and answer every question"
/usr/bin/time -f "fleet bench: embedded %e s wall, %U s user, peak RSS %M KiB" \
  ./ferret fleet "$work/fleet" --host WIN-00004 --entity 91.121.140.167 --format jsonl >"$work/answers.jsonl"
echo "fleet bench: $(wc -l <"$work/answers.jsonl") answer lines"
/usr/bin/time -f "fleet bench: embedded text summary %e s wall, peak RSS %M KiB" \
  ./ferret fleet "$work/fleet" >"$work/answers.txt"
head -n 12 "$work/answers.txt"

newer=/usr/lib/jvm/temurin-25-jdk-amd64
if [ ! -x "$newer/bin/java" ]; then
  echo "fleet bench: no Temurin 25: OpenSearch part skipped"
  exit 0
fi
echo "== OpenSearch: a local node (loopback), bulk ingest, the same questions as aggregations"
JAVA_HOME="$newer" ./mvnw -q -B -pl fleet -am -Pfleet-opensearch test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/test-cp.txt" >/dev/null
port=$((20000 + RANDOM % 20000))
mkfifo "$work/node-in"
"$newer/bin/java" -Xms2g -Xmx2g -cp "fleet/target/test-classes:fleet/target/classes:$(cat "$work/test-cp.txt")" \
  dev.ferret.fleet.opensearch.LocalNode "$port" "$work/node" <"$work/node-in" >"$work/node.log" 2>&1 &
node_pid=$!
exec 3>"$work/node-in"
for _ in $(seq 1 180); do grep -q ready "$work/node.log" && break; sleep 1; done
grep -q ready "$work/node.log" || { echo "fleet bench: the OpenSearch node did not start"; tail "$work/node.log"; exit 1; }
url="http://127.0.0.1:$port"
/usr/bin/time -f "fleet bench: ship %e s wall, peak RSS %M KiB" ./ferret fleet --ship "$url" "$work/fleet" | tee "$work/ship.txt"
/usr/bin/time -f "fleet bench: OpenSearch answers %e s wall, peak RSS %M KiB" \
  ./ferret fleet --engine "$url" --host WIN-00004 --entity 91.121.140.167 --format jsonl >"$work/answers-os.jsonl"
if cmp -s <(grep -v '"question":"coverage"' "$work/answers.jsonl") <(grep -v '"question":"coverage"' "$work/answers-os.jsonl"); then
  echo "fleet bench: OpenSearch answers are identical to the embedded ones (coverage problems aside)"
else
  echo "fleet bench: OpenSearch answers DIFFER from the embedded ones"
fi
exec 3>&-
wait "$node_pid" || true
node_pid=""
