#!/bin/sh
# Builds the binary YARA test samples of ferret's rule set from src/*.c (needs only gcc and a
# POSIX shell). The outputs are harmless: programs that print a notice, and shared objects that
# hook nothing or pass every call through. They are not committed (see .gitignore).
# Usage: build-samples.sh [CC]   (default: $CC or gcc)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cc=${1:-${CC:-gcc}}
src=$here/src
pos=$here/positive
neg=$here/negative
mkdir -p "$pos" "$neg"

# Executables: -O0 and no stripping, so the embedded strings and symbols stay as written.
"$cc" -O0 -w -o "$pos/Ferret_XMRig_Binary.elf" "$src/xmrig_like.c"
"$cc" -O0 -w -o "$pos/Ferret_XMRStak_Binary.elf" "$src/xmrstak_like.c"
"$cc" -O0 -w -o "$pos/Ferret_CPUMiner_Stratum_Binary.elf" "$src/cpuminer_like.c"
"$cc" -O0 -w -o "$neg/benign_miner_mention.elf" "$src/benign_miner_mention.c"

# Shared objects.
"$cc" -O2 -w -shared -fPIC -o "$pos/Ferret_Preload_Process_Hider_ELF.so" "$src/preload_hider_like.c" -ldl
# Stripped too: the structural rule must not depend on the symbol table (.symtab).
"$cc" -O2 -w -s -shared -fPIC -o "$pos/Ferret_Preload_Process_Hider_ELF--stripped.so" "$src/preload_hider_like.c" -ldl
"$cc" -O0 -w -shared -fPIC -o "$pos/Ferret_LibProcessHider_Family.so" "$src/libprocesshider_like.c"
"$cc" -O2 -w -shared -fPIC -o "$neg/benign_preload_shim.so" "$src/benign_preload_shim.c" -ldl

# "Memory" samples: NUL-separated strings with no file header, as a region of a running
# miner's memory looks (its read-only strings; its argv on the stack).
printf 'junk\000donate-level\000randomx-1gb-pages\000cpu-max-threads-hint\000donate-over-proxy\000stratum+tcp://\000more\000' \
    > "$pos/Ferret_XMRig_Memory_Strings.bin"
printf './.x\000-o\000pool.example.org:3333\000-u\0004AFerretSampLeWaLLetNotReaLTestDataxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\000-p\000x\000' \
    > "$pos/Ferret_Monero_Wallet_Miner_Argument--argv.bin"
# Negative twin: the same words as text (a man page or README lists the options).
printf 'Options: --donate-level=N, --randomx-1gb-pages, --cpu-max-threads-hint=N, --donate-over-proxy=N, -o stratum+tcp://host:port\n' \
    > "$neg/xmrig_options_as_text.bin"
echo "built samples in $pos and $neg"
