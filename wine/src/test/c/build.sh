#!/usr/bin/env bash
# Builds the Windows helper programs and DLLs of the live Wine test with mingw. Usage: build.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; out="$1"
rm -rf "$out"; mkdir -p "$out"
cc=(x86_64-w64-mingw32-gcc -O1 -s -Wall)
"${cc[@]}" -shared -o "$out/service.dll" "$here/dll-service.c"
"${cc[@]}" -shared -o "$out/plain.dll" "$here/dll-plain.c"
"${cc[@]}" -o "$out/payload.exe" "$here/payload.c" -lws2_32
"${cc[@]}" -municode -o "$out/plant.exe" "$here/plant.c" -ladvapi32 -lole32 -luuid
echo "wine: helpers built: $(cd "$out" && ls | tr '\n' ' ')"
