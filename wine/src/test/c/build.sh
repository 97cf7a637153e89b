#!/usr/bin/env bash
# Builds the Windows helper programs and DLLs of the live Wine tests with mingw. Usage: build.sh OUT_DIR
set -euo pipefail
shopt -s nullglob
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; out="$1"
rm -rf "$out"; mkdir -p "$out"
cc=x86_64-w64-mingw32-gcc
for c in "$here"/*.c; do
  name="$(basename "$c" .c)"
  case "$name" in
    dll-*) "$cc" -O1 -s -shared -o "$out/${name#dll-}.dll" "$c" ;;
    *)     "$cc" -O1 -s -o "$out/$name.exe" "$c" -lws2_32 -ladvapi32 ;;
  esac
done
echo "wine: helpers built: $(cd "$out" && ls | tr '\n' ' ')"
