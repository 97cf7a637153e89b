#!/usr/bin/env bash
# Builds the self-contained linux-x86_64 runtime image: a jlink-trimmed Java runtime, ferret's jars, and
# JNA's native dispatcher unpacked in advance (the USB kit may be read-only: nothing is unpacked at run time).
# Usage: build-image.sh JDK_HOME APP_LIB_DIR OUTPUT_DIR
set -euo pipefail
jdk="$1"; app="$2"; out="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rm -rf "$out"
classpath="$(printf '%s:' "$app"/*.jar)"
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$classpath" "$app"/ferret-scanner*.jar)"
# jdeps cannot see reflective and service-loaded needs: JNA uses jdk.unsupported, TLS-free DNS-free naming
modules="$modules,jdk.unsupported,java.management,java.logging"

compress="--compress=zip-6"
"$jdk/bin/jlink" --list-plugins 2>/dev/null | grep -q 'zip-\[0-9\]' || compress="--compress=2"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages $compress \
  --output "$out"

mkdir -p "$out/app" "$out/lib/ferret"
cp "$app"/*.jar "$out/app/"
jna="$(ls "$app"/jna-[0-9]*.jar)"
(cd "$out/lib/ferret" && "$jdk/bin/jar" xf "$jna" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -rf com)
install -m 755 "$here/ferret-launcher.sh" "$out/bin/ferret"
echo "$modules" > "$out/lib/ferret/modules.txt"
echo "image: $out ($(du -sh "$out" | cut -f1), modules: $modules)"
