#!/usr/bin/env bash
# Partition parity on the whole community rule set: ferret's partitioned scan against the yara command line
# with the whole set, on a planted corpus with files past the largest size edge (a few minutes).
set -euo pipefail
timeout 3600 ./mvnw -B -o -q -pl native test -Dtest=PartitionParityTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dferret.parity=full | grep -E '^parity:|^[0-9a-f.]{16} |^other ' || true
report=native/target/surefire-reports/TEST-dev.ferret.yara.PartitionParityTest.xml
[ -f "$report" ] || { echo "parity: no test report"; exit 1; }
tests=$(grep -o 'tests="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
failures=$(grep -o 'failures="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
errors=$(grep -o 'errors="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
echo "parity: tests $tests, failures $failures, errors $errors"
[ "$tests" -ge 1 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]
