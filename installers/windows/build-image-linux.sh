#!/usr/bin/env bash
# Lays out the Windows runtime image on the Linux build host (profile wine): the Temurin 17 Windows x64 JRE from
# Maven Central as the runtime (jlink cannot cut a Windows image here: no Windows jmods), the ferret jars, JNA's
# Windows dispatcher, bin\ferret.cmd. No yara.dll (libyara cannot be built for Windows here): YARA says
# "unavailable" on Windows, hash, name and address IOCs still work. Without the JRE (profile off) it does nothing.
#   OUT/bin/java.exe ... (the JRE)   OUT/bin/ferret.cmd   OUT/app/*.jar   OUT/lib/ferret/{jnidispatch.dll,classpath.txt}
# Usage: build-image-linux.sh JRE_DIR APP_LIB_DIR OUT_DIR
set -euo pipefail
jre="$1"; app="$2"; out="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$out"
if [ ! -f "$jre/bin/java.exe" ]; then
  echo "windows-image: no Windows JRE at $jre (build with -Pwine to make the Windows image)"
  exit 0
fi
grep -q 'OS_NAME="Windows"' "$jre/release" || { echo "windows-image: $jre is not a Windows JRE" >&2; exit 1; }
mkdir -p "$out"
cp -a "$jre/." "$out/"
mkdir -p "$out/app" "$out/lib/ferret"
classpath=""
: > "$out/lib/ferret/classpath.txt"
for j in $(ls "$app"/*.jar | sort); do
  cp "$j" "$out/app/"
  classpath="${classpath:+$classpath;}%FERRET_HOME%\\app\\$(basename "$j")"
  printf 'app\\%s\r\n' "$(basename "$j")" >> "$out/lib/ferret/classpath.txt"
done
# CRLF line ends: cmd.exe reads LF-only batch files, but labels and long lines misbehave
sed "s|@CLASSPATH@|${classpath//\\/\\\\}|" "$here/ferret-image.cmd" | sed 's/\r$//; s/$/\r/' > "$out/bin/ferret.cmd"
unzip -q -j -o "$(ls "$app"/jna-[0-9]*.jar)" 'com/sun/jna/win32-x86-64/jnidispatch.dll' -d "$out/lib/ferret"
echo "windows-image: $out ($(du -sh "$out" | cut -f1), $(grep JAVA_VERSION= "$jre/release"), no yara.dll)"
