#!/usr/bin/env bash
# (Re)writes KIT/MANIFEST.sha256: the SHA-256 of every file of the kit but the user's drop-in signatures, the
# results and the manifest itself, in sha256sum format (paths relative to the kit, sorted), and prints the kit
# id (the first 16 hex digits of the manifest's own SHA-256) to record out of band: whoever can rewrite the kit
# can rewrite its manifest too, so compare the id ferret.sh prints with the recorded one.
# Usage: seal-kit.sh KIT_DIR
set -euo pipefail
kit="$1"
(
  cd "$kit"
  find . -type f ! -path ./MANIFEST.sha256 ! -path './results/*' ! -path './signatures/rules/*' \
    ! -path './signatures/iocs/*' ! -name MANIFEST.sha256.tmp -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 sha256sum > MANIFEST.sha256.tmp
  mv MANIFEST.sha256.tmp MANIFEST.sha256
)
id="$(sha256sum "$kit/MANIFEST.sha256" | cut -c1-16)"
echo "kit: $kit sealed: $(wc -l < "$kit/MANIFEST.sha256") files, kit id $id, $(du -sh "$kit" | cut -f1)"
echo "$id" > "$kit/../ferret-kit.id"
