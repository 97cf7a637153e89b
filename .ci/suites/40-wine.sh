#!/usr/bin/env bash
# The Windows half on a real Windows JVM: Temurin 17 for Windows (from Maven Central, profile wine) under Wine 8,
# in a fresh prefix under wine/target. Runs every test class of the Windows packages of native/ and scanner/ and
# the live Windows integration tests (tag wine: they plant through Win32 with helpers built here by mingw), then
# smoke-tests the Windows kit. Prints how many tests ran and passed.
set -euo pipefail
start=$SECONDS
root="$(pwd)"
for tool in wine x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null || { echo "wine: $tool is missing (.ci/packages/wine.txt)" >&2; exit 1; }
done
mvn_offline=(); [ "${WINE_SUITE_OFFLINE:-}" = 1 ] && mvn_offline=(-o)
./mvnw -B -q "${mvn_offline[@]}" -Pwine -pl native,signatures,scanner,wine package -DskipTests
echo "wine: build $((SECONDS - start)) s"

out="$root/wine/target/wine"
export WINEPREFIX="$out/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
cleanup() { wineserver -k 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$WINEPREFIX"
t=$SECONDS
wineboot -i >/dev/null 2>&1 || true   # the syswow64 complaint (no 32-bit Wine) is expected and harmless
[ -d "$WINEPREFIX/drive_c/windows/system32" ] || { echo "wine: prefix was not created" >&2; exit 1; }
# let the new prefix's own services finish starting and exit: the tests start from a settled service database
timeout 60 wineserver -w 2>/dev/null || true
# a host installed long ago: the default sweep takes only recently written System32 files, and in a fresh prefix
# all 600 MB of it would be "recent"; what the tests plant later is recent again
# Wine links a profile's shell folders (Desktop, Documents, Templates...) to the Linux home and shows the links as
# plain folders: on Windows they are real folders, and a sweep must not wander into this machine's /root
find "$WINEPREFIX/drive_c/users" -type l -lname '/*' | while IFS= read -r link; do rm "$link"; mkdir "$link"; done
find "$WINEPREFIX/drive_c/windows" -xdev \( -type f -o -type d \) -exec touch -h -d '90 days ago' {} +
echo "wine: fresh prefix $((SECONDS - t)) s"

# the helpers the live tests plant: Windows programs and DLLs built from C
bash "$root/wine/src/test/c/build.sh" "$out/helpers"

win() { printf 'Z:%s' "${1//\//\\}"; }
java_exe="$(ls -d "$out"/jre-zip/*/jre)/bin/java.exe"
cp="$(win "$root/native/target/classes");$(win "$root/native/target/test-classes");$(win "$root/signatures/target/classes")"
cp="$cp;$(win "$root/scanner/target/classes");$(win "$root/scanner/target/test-classes");$(win "$root/wine/target/test-classes")"
for j in "$out"/lib/*.jar; do cp="$cp;$(win "$j")"; done
log="$out/junit.log"
t=$SECONDS
set +e
timeout 600 wine "$java_exe" "-Dferret.wine.helpers=$(win "$out/helpers")" "-Dferret.wine.work=$(win "$out/work")" \
  "-Dferret.wine.classpath=$cp" \
  -jar "$(win "$out/launcher/junit-platform-console-standalone.jar")" execute --disable-banner --details=tree \
  --disable-ansi-colors -cp "$cp" \
  --select-package dev.ferret.os.windows --select-package dev.ferret.collect.windows \
  --select-package dev.ferret.memory.windows --select-package dev.ferret.detect.windows \
  --select-package dev.ferret.respond.windows --select-package dev.ferret.wine \
  --reports-dir "$(win "$out/junit-reports")" > "$log" 2>&1
rc=$?
set -e
tr -d '\r' < "$log" | grep -v '^\s*$' | grep -E '✘|↷|■|Exception|expected|tests (found|successful|failed|aborted|skipped)' | head -80 || true
found="$(tr -d '\r' < "$log" | sed -n 's/.*\[ *\([0-9]*\) tests found.*/\1/p')"
passed="$(tr -d '\r' < "$log" | sed -n 's/.*\[ *\([0-9]*\) tests successful.*/\1/p')"
aborted="$(tr -d '\r' < "$log" | sed -n 's/.*\[ *\([0-9]*\) tests aborted.*/\1/p')"
failed="$(tr -d '\r' < "$log" | sed -n 's/.*\[ *\([0-9]*\) tests failed.*/\1/p')"
echo "wine: Windows JVM tests: ${found:-?} ran, ${passed:-?} passed, ${aborted:-?} aborted (assumption not met), ${failed:-?} failed ($((SECONDS - t)) s; log $log)"
[ $rc -eq 0 ] && [ "${failed:-1}" = 0 ] || { echo "wine: FAILED (exit $rc)" >&2; exit 1; }

# the Windows kit folder and the MSI from the real runtime, by the scripts `./mvnw -Pwine package` runs in
# installers/ (called directly here: the full installers build also cuts the Linux image and the .deb)
t=$SECONDS
rm -rf "$out/app/"*-tests.jar
bash installers/windows/build-image-linux.sh "$(ls -d "$out"/jre-zip/*/jre)" "$out/app" "$out/kit/windows"
mkdir -p "$out/msi"
bash installers/windows/build-msi.sh "$out/app" "$out/msi" 0.1.0 "$out/kit/windows"
bash installers/windows/msi-test.sh "$out/msi"
report="$out/smoke/report.jsonl"; rm -rf "$out/smoke"; mkdir -p "$out/smoke"
timeout 300 wine cmd /c "$(win "$out/kit/windows/bin/ferret.cmd")" scan --format jsonl --quiet -o "$(win "$report")" \
  > "$out/smoke/stdout.txt" 2> "$out/smoke/stderr.txt" || true
grep -q '"kind":"state"' "$report" 2>/dev/null || { cat "$out/smoke/stderr.txt" >&2; echo "wine: FAILED: ferret.cmd from the kit wrote no report" >&2; exit 1; }
echo "wine: kit smoke test: wine cmd /c ferret.cmd scan --format jsonl wrote $(wc -l < "$report") lines ($((SECONDS - t)) s)"
echo "wine: total $((SECONDS - start)) s"
