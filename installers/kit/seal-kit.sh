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
  find . -type f ! -path ./MANIFEST.sha256 ! -path ./MANIFEST.sha256.sig ! -path './results/*' ! -path './signatures/rules/*' \
    ! -path './signatures/iocs/*' ! -name MANIFEST.sha256.tmp -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 sha256sum > MANIFEST.sha256.tmp
  mv MANIFEST.sha256.tmp MANIFEST.sha256
)
# Ed25519 signature of the manifest, made by the kit's own JDK: FERRET_SIGNING_KEY (a release key kept offline, its
# .pub beside it) or the build's throw-away key beside the kit (target/build-key, the one that signed the image's
# rules). ferret.sh checks it with the public keys in linux-x86_64/lib/ferret/keys.
key="${FERRET_SIGNING_KEY:-$(ls "$(dirname "$kit")"/build-key/ferret-*.key 2>/dev/null | head -n 1 || true)}"
if [ -n "$key" ] && [ -x "$kit/linux-x86_64/bin/ferret" ]; then
  mkdir -p "$kit/linux-x86_64/lib/ferret/keys"
  if [ ! -e "$kit/linux-x86_64/lib/ferret/keys/$(basename "${key%.key}").pub" ]; then
    echo "kit: the image does not trust $key: sign the image and the kit with the same key" >&2
    exit 1
  fi
  "$kit/linux-x86_64/bin/ferret" rules sign "$kit/MANIFEST.sha256" --key "$key" | sed 's/^/kit: /'
else
  echo "kit: WARNING: no signing key (FERRET_SIGNING_KEY) or no image: the kit is NOT signed" >&2
fi
id="$(sha256sum "$kit/MANIFEST.sha256" | cut -c1-16)"
echo "kit: $kit sealed: $(wc -l < "$kit/MANIFEST.sha256") files, kit id $id, $(du -sh "$kit" | cut -f1)"
echo "$id" > "$kit/../ferret-kit.id"
