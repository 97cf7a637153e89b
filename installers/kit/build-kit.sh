#!/usr/bin/env bash
# Lays out the USB responder kit and seals it with MANIFEST.sha256.
#   ferret-kit/
#     ferret.sh                Linux launcher (sh ferret.sh scan): checks the manifest, reports to results/
#     ferret.cmd, ferret.ps1   Windows launcher (same behaviour), runs windows/
#     README.txt               for the responder
#     linux-x86_64/            the runtime image (build-image.sh)
#     windows/                 the Windows image: built here with -Pwine (windows/build-image-linux.sh: Temurin's
#                              Windows JRE, no yara.dll) or on a Windows host (build-windows.ps1 -Kit); else a README
#     signatures/rules/        drop-in YARA rules (.yar sources or .yarc bundles), added to every scan
#     signatures/iocs/         drop-in IOC files, added to every scan
#     results/                 reports (must be on writable media)
#     MANIFEST.sha256          sha256sum of every file above except signatures/ drop-ins and results/
# Usage: build-kit.sh IMAGE_DIR KIT_DIR [WINDOWS_IMAGE_DIR]
set -euo pipefail
image="$1"; kit="$2"; windows_image="${3:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rm -rf "$kit"
mkdir -p "$kit/windows" "$kit/signatures/rules" "$kit/signatures/iocs" "$kit/results"
cp -a "$image" "$kit/linux-x86_64"
install -m 755 "$here/ferret.sh" "$kit/ferret.sh"
install -m 644 "$here/ferret.cmd" "$here/ferret.ps1" "$kit/"
install -m 644 "$here/README.txt" "$kit/README.txt"
if [ -n "$windows_image" ] && [ -f "$windows_image/bin/java.exe" ]; then
  cp -a "$windows_image/." "$kit/windows/"
else
  install -m 644 "$here/windows-README.txt" "$kit/windows/README.txt"
fi
install -m 644 "$here/signatures-README.txt" "$kit/signatures/README.txt"
install -m 644 "$here/results-README.txt" "$kit/results/README.txt"

"$here/seal-kit.sh" "$kit"
