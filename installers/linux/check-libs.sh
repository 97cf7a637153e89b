#!/usr/bin/env bash
# Lists every shared library the runtime image's ELF files need (ldd with an empty environment, so no
# LD_LIBRARY_PATH helps) and checks that each comes from inside the image or is part of glibc. Exit 1 otherwise.
#   check-libs.sh IMAGE                 static check of every ELF file (bin/java, every .so)
#   check-libs.sh --runtime IMAGE LOG   check the libraries a run really loaded: LOG is its LD_DEBUG=files output
#                                       (FERRET_ALLOW_HOST: a regex of host libraries accepted with a warning)
#   check-libs.sh --is-glibc SONAME     exit 0 when SONAME is one of glibc's libraries
set -euo pipefail

# glibc's shared objects (a host always has them, in versions the glibc check states)
is_glibc() {
  case "$1" in
    libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libresolv.so.2|libutil.so.1|libanl.so.1) return 0 ;;
    libnsl.so.1|libmvec.so.1|libthread_db.so.1|libBrokenLocale.so.1|libc_malloc_debug.so.0|libmemusage.so) return 0 ;;
    ld-linux-x86-64.so.2|linux-vdso.so.1|libnss_*.so.2|libcidn.so.1|libSegFault.so) return 0 ;;
  esac
  return 1
}

if [ "${1:-}" = --is-glibc ]; then
  is_glibc "$2"
  exit
fi

if [ "${1:-}" = --runtime ]; then
  image="$(cd "$2" && pwd -P)"; log="$3"; bad=0
  # LD_DEBUG=files prints "calling init: /path" for every object initialised, dlopen'ed ones included
  while read -r path; do
    real="$(readlink -f "$path" 2>/dev/null || echo "$path")"
    case "$real" in
      "$image"/*) echo "inside  ${real#$image/}" ;;
      *)
        if is_glibc "$(basename "$path")"; then echo "glibc   $path"
        elif [ -n "${FERRET_ALLOW_HOST:-}" ] && echo "$path" | grep -E "$FERRET_ALLOW_HOST" > /dev/null; then
          echo "host    $path (accepted: FERRET_ALLOW_HOST)"
        else echo "HOST    $path"; bad=1; fi ;;
    esac
  done < <(sed -n 's/.*calling init: \(.*\)$/\1/p' "$log" | sort -u)
  exit $bad
fi

image="$(cd "$1" && pwd -P)"
bad=0
while IFS= read -r f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  rel="${f#$image/}"
  deps="$(env -i ldd "$f" 2>&1 || true)"
  if echo "$deps" | grep -c 'not a dynamic executable\|statically linked' > /dev/null; then
    echo "$rel: static"; continue
  fi
  line="$rel:"
  while read -r soname arrow path _; do
    [ -n "$soname" ] || continue
    case "$soname" in /*) path="$soname"; soname="$(basename "$soname")" ;; esac
    if [ "$arrow" = "=>" ] && [ "$path" = "not" ]; then
      # the java launcher loads libjvm.so by path before anything that needs it by name
      if [ "$soname" = libjvm.so ] && [ -e "$image/lib/server/libjvm.so" ]; then
        line="$line $soname(image: loaded first by bin/java)"
      else
        line="$line $soname(NOT FOUND)"; bad=1
      fi
      continue
    fi
    real="$(readlink -f "$path" 2>/dev/null || echo "$path")"
    case "$real" in
      "$image"/*) line="$line $soname(image)" ;;
      *)
        if is_glibc "$soname"; then line="$line $soname(glibc)"
        else line="$line $soname(HOST: $path)"; bad=1; fi ;;
    esac
  done < <(echo "$deps" | sed 's/([^)]*)//' )
  echo "$line"
done < <(find "$image" -type f | sort)
if [ $bad -ne 0 ]; then
  echo "check-libs: the image needs libraries from the host other than glibc (HOST / NOT FOUND above)" >&2
fi
exit $bad
