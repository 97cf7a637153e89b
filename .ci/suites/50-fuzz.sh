#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser that reads attacker-controlled bytes: each @FuzzTest target
# runs alone in its own JVM for its maxDuration (20 s), guided by coverage of dev.ferret classes. Prints per target
# the executions and coverage libFuzzer reports; fails when any target finds a crasher (Jazzer saves it in the
# target's Inputs folder under src/test/resources, where the default build then replays it as a regression input).
# FUZZ_TARGETS="Class#method ..." narrows the run.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

targets_of() { # module -> "fully.qualified.Class#method" for every @FuzzTest method in its test sources
  grep -rl '@FuzzTest' "$1/src/test/java" | while read -r f; do
    cls=$(echo "${f#"$1"/src/test/java/}" | sed 's/\.java$//; s#/#.#g')
    grep -A1 '@FuzzTest' "$f" | grep -oE 'void [a-zA-Z0-9_]+\(' | sed 's/void //; s/(//' | sed "s/^/$cls#/"
  done
}

mkdir -p target
echo "fuzz: compiling tests and resolving the test class path"
./mvnw -B -q -pl native,scanner -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/fuzz.classpath -Dcheckstyle.skip >target/fuzz-build.log 2>&1 \
  || { tail -n 30 target/fuzz-build.log >&2; rm -f target/fuzz-build.log; exit 1; }
rm -f target/fuzz-build.log

out=target/fuzz
mkdir -p "$out"
total=0
failed=0
crashers=0
start=$SECONDS
for module in native scanner; do
  cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz.classpath")"
  for t in $(targets_of "$module"); do
    if [ -n "${FUZZ_TARGETS:-}" ] && ! grep -qF -- "${t##*.}" <<<"$FUZZ_TARGETS"; then
      continue
    fi
    total=$((total + 1))
    log="$out/${t##*.}.log"
    inputs="$module/src/test/resources/$(echo "${t%#*}" | tr . /)Inputs/${t#*#}"
    before=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
    # instrument only ferret's own classes; the JVM is bounded well above maxDuration in case a target hangs
    # IOC file-name lines are regular expressions by design (the analyst's own IOC set, not host bytes): Jazzer's
    # regex-injection sanitizer would report every invalid one, so that target runs without it
    hooks=""
    case "$t" in *IocFileFuzzTest*) hooks="-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection" ;; esac
    # basedir: Jazzer then writes a crasher into the target's Inputs folder under src/test/resources
    JAZZER_FUZZ=1 timeout 120 java -XX:+EnableDynamicAgentLoading -Djazzer.instrumentation_includes='dev.ferret.**' \
      -Djazzer.internal.basedir="$PWD/$module" $hooks \
      --enable-native-access=ALL-UNNAMED -cp "$cp" .ci/fuzz/FuzzRun.java "$t" >"$log" 2>&1
    rc=$?
    after=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
    runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 | awk '{print $2" runs in "$5" s"}')
    cov=$(grep -oE 'DONE +cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 | awk '{print "cov "$3", features "$5}')
    if [ "$rc" -eq 0 ]; then
      printf 'fuzz: %-75s ok      %s, %s\n' "$t" "${runs:-? runs}" "${cov:-?}"
    else
      failed=$((failed + 1))
      new=$((after - before))
      crashers=$((crashers + (new > 0 ? new : 0)))
      printf 'fuzz: %-75s FAILED  %s, %s, %d new crasher(s), log %s\n' "$t" "${runs:-? runs}" "${cov:-?}" "$new" "$log"
      grep -E 'Exception|Error|crash-|==' "$log" | head -n 8 | sed 's/^/      /'
    fi
  done
done
echo "fuzz: $total targets, $((total - failed)) passed, $failed failed, $crashers new crasher(s) in $((SECONDS - start)) s"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
