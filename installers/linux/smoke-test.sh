#!/usr/bin/env bash
# Proves the runtime image works on its own, with an empty environment (no JDK on PATH, no PATH at all):
#   - --version;
#   - a process scan (JNA: raw syscalls, /proc) and a YARA file sweep with the bundled libyara, the image's
#     compiled built-in rules and a user rule that must match a planted file;
#   - every shared library those runs loaded (LD_DEBUG=files, dlopen'ed ones included) is inside the image
#     or part of glibc, even with an LD_LIBRARY_PATH offering other copies of libyara's libraries;
#   - non-ASCII file names are read as UTF-8 in the C locale; a symbolic link to the launcher works;
#   - a modified compiled rule bundle is refused with one line and exit code 2.
# The full scan from a read-only kit is kit-test.sh's.
set -euo pipefail
image="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

env -i PATH= "$image/bin/ferret" --version > "$tmp/version" 2>&1 || { cat "$tmp/version" >&2; fail "--version"; }
grep -q '^ferret ' "$tmp/version" || fail "--version printed: $(cat "$tmp/version")"
[ ! -s "$image/lib/ferret/modules.txt" ] || echo "smoke: modules $(cat "$image/lib/ferret/modules.txt")"
# started through a symbolic link (as from /usr/local/bin): still the image's own Java
ln -s "$image/bin/ferret" "$tmp/ferret-link"
env -i PATH= "$tmp/ferret-link" --version 2>&1 | grep -c "^Java .*$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$image/release")" > /dev/null \
  || fail "through a symbolic link: $(env -i "$tmp/ferret-link" --version 2>&1 | head -n 3)"

# a planted file and a user rule that matches it (the built-in rules are content that changes); its name is
# not ASCII: under env -i the locale is C, and the launcher must still get file names decoded as UTF-8
mkdir -p "$tmp/planted" "$tmp/rules"
planted_name='sample-ключ-é.bin'
printf 'ferret smoke test marker: 6f1c0d2e-kit\n' > "$tmp/planted/$planted_name"
cat > "$tmp/rules/smoke.yar" <<'EOF'
rule Ferret_Smoke_Marker { strings: $m = "ferret smoke test marker: 6f1c0d2e" condition: $m }
EOF

set +e
# a host LD_LIBRARY_PATH with other copies of libyara's libraries must not win over the image's (DT_RPATH)
mkdir -p "$tmp/host-libs"
: > "$tmp/host-libs/libcrypto.so.3"; : > "$tmp/host-libs/libmagic.so.1"; : > "$tmp/host-libs/libjansson.so.4"
env -i PATH= LD_LIBRARY_PATH="$tmp/host-libs" LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld-files" "$image/bin/ferret" files "$tmp/planted" \
  --rules "$tmp/rules" --format jsonl --fail-on low --output "$tmp/files.jsonl" 2> "$tmp/files.err"
code=$?
env -i PATH= LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld-proc" "$image/bin/ferret" processes --cpu-window 0.2 \
  --format jsonl --quiet --output "$tmp/processes.jsonl" 2> "$tmp/processes.err"
pcode=$?
set -e
[ "$code" -le 1 ] || { cat "$tmp/files.err" >&2; fail "files exited with $code"; }
[ "$pcode" -le 1 ] || { cat "$tmp/processes.err" >&2; fail "processes exited with $pcode"; }
grep -q 'Ferret_Smoke_Marker' "$tmp/files.jsonl" || fail "the planted file was not found by YARA: $(tail -c 600 "$tmp/files.jsonl")"
grep -qF "\"path\":\"$tmp/planted/$planted_name\"" "$tmp/files.jsonl" \
  || fail "the non-ASCII file name was not decoded as UTF-8: $(grep -o '"path":"[^"]*planted[^"]*"' "$tmp/files.jsonl" | head -n 1)"
! grep -q 'InvalidPathException' "$tmp/files.jsonl" || fail "a detector failed on a file name: $(grep -o 'InvalidPathException[^"]*' "$tmp/files.jsonl" | head -n 1)"
! grep -q 'YARA unavailable' "$tmp/files.jsonl" || fail "YARA unavailable in the image: $(grep -o 'YARA unavailable[^"]*' "$tmp/files.jsonl")"
tail -n 1 "$tmp/processes.jsonl" | grep -c '"kind":"state"' > /dev/null || fail "no state record from processes"
grep -q '"processes"' "$tmp/processes.jsonl" || fail "no process coverage (JNA or /proc failed)"
echo "smoke: files and processes ok from an empty environment; YARA found the planted file"

cat "$tmp"/ld-files.* "$tmp"/ld-proc.* > "$tmp/ld-all"
if [ ! -e "$image/lib/libyara.so" ]; then
  echo "smoke: WARNING: this image has no bundled libyara (see REQUIREMENTS.txt): the host's libyara and its" \
    "libraries are accepted for this run only" >&2
  export FERRET_ALLOW_HOST='/lib(yara|crypto|ssl|magic|jansson|lzma|bz2|z)\.so'
fi
if ! "$here/check-libs.sh" --runtime "$image" "$tmp/ld-all" > "$tmp/loaded.txt"; then
  cat "$tmp/loaded.txt" >&2
  fail "a run loaded shared libraries from the host other than glibc's"
fi
[ ! -e "$image/lib/libyara.so" ] || grep -q 'inside  lib/libyara.so' "$tmp/loaded.txt" \
  || fail "the bundled libyara was not loaded: $(cat "$tmp/loaded.txt")"
echo "smoke: libraries loaded at run time ($(wc -l < "$tmp/loaded.txt")): $(awk '{print $2}' "$tmp/loaded.txt" | xargs -n1 basename | paste -sd' ' -)"

# a modified compiled bundle is refused: a linked copy of the image with one changed file
if [ -e "$image/lib/ferret/rules.yarc" ]; then
  # hard links where /tmp shares the image's file system; a copy where it does not (a tmpfs /tmp)
  cp -al "$image" "$tmp/image" 2>/dev/null || { rm -rf "$tmp/image"; cp -a "$image" "$tmp/image"; }
  rm "$tmp/image/lib/ferret/rules.yarc"
  cp "$image/lib/ferret/rules.yarc" "$tmp/image/lib/ferret/rules.yarc"
  printf 'X' | dd of="$tmp/image/lib/ferret/rules.yarc" bs=1 seek=200 conv=notrunc status=none
  set +e
  env -i PATH= "$tmp/image/bin/ferret" files "$tmp/planted" --quiet > "$tmp/tampered.out" 2> "$tmp/tampered.err"
  tcode=$?
  set -e
  [ "$tcode" -eq 2 ] || fail "a modified rules.yarc: exit $tcode, expected 2 ($(cat "$tmp/tampered.err"))"
  [ "$(wc -l < "$tmp/tampered.err")" -eq 1 ] && grep -q 'do not match their checksum' "$tmp/tampered.err" \
    || fail "a modified rules.yarc: expected one line about the checksum, got: $(cat "$tmp/tampered.err")"
  echo "smoke: a modified rules.yarc is refused: $(cat "$tmp/tampered.err")"
fi
echo "smoke: runtime image ok"
