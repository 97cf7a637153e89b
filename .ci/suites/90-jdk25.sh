#!/usr/bin/env bash
# The unit tests again on the newest JDK the machine has (the runtime image is cut from Temurin 25).
set -euo pipefail
newer=/usr/lib/jvm/temurin-25-jdk-amd64
if [ ! -x "$newer/bin/java" ]; then
  echo "jdk25: no Temurin 25 on this machine, skipped"
  exit 0
fi
echo "jdk25: unit tests on $("$newer/bin/java" -version 2>&1 | head -n 1)"
JAVA_HOME="$newer" ./mvnw -B -q test -pl native,signatures,scanner
