#!/usr/bin/env bash
# Provides libyara to ./ferret on a host that has none: downloads the distribution's own libyara package
# (and the libraries it needs) with apt into DIR, using a private package list so nothing on the host is
# installed or changed, and unpacks it there. Prints the path of the unpacked libyara.so on stdout.
# Needs no root. Usage: local-libyara.sh DIR
set -euo pipefail
dir="${1:?usage: local-libyara.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
root="$dir/root"

found() { find "$root" -name 'libyara.so.*' -type f 2>/dev/null | sort | head -n 1; }
if [ -n "$(found)" ]; then found; exit 0; fi

command -v apt-get >/dev/null || { echo "local-libyara: no apt-get on this host" >&2; exit 1; }
state="$dir/apt"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$dir/debs"
apt=(apt-get -qq -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o Debug::NoLocking=1
     -o "APT::Sandbox::User=$(id -un)")
"${apt[@]}" update >/dev/null 2>"$dir/apt-update.log" || { cat "$dir/apt-update.log" >&2; exit 1; }

# Debian 12 ships libyara9 (4.2), Ubuntu 24.04 libyara10 (4.5): the binding reads both layouts.
package=""
for candidate in libyara10 libyara9; do
  if apt-cache -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" show "$candidate" >/dev/null 2>&1; then
    package="$candidate"; break
  fi
done
[ -n "$package" ] || { echo "local-libyara: this distribution's archive has no libyara 4.2 or newer" >&2; exit 1; }

# The libraries libyara links that a minimal system may lack; the rest (libc, zlib, lzma, bz2) are essential.
(cd "$dir/debs" && "${apt[@]}" download "$package" libjansson4 libmagic1 libmagic-mgc) >&2
mkdir -p "$root"
for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
lib="$(found)"
[ -n "$lib" ] || { echo "local-libyara: $package unpacked but no libyara.so in it" >&2; exit 1; }
echo "$lib"
