#!/usr/bin/env bash
# CI: proves the MSI definition builds, with wixl (Debian package wixl), from a placeholder payload laid out
# like the Windows runtime image that build-windows.ps1 makes on a Windows host: the real jars, JNA's real
# Windows dispatcher, the real launcher and scheduled-scan script; placeholders for java.exe, the JVM and
# yara.dll (they only exist on Windows). wixl can print errors or warnings and still exit 0 for constructs it
# does not support, so its output is checked: anything but its progress lines and the one expected warning
# (it ignores Secure="yes" on properties; WiX on Windows honours it) fails the build.
# With a fourth argument, the Windows runtime image built on this host (build-image-linux.sh, profile wine), the
# payload is that real image instead: Temurin's java.exe and JVM, no yara.dll and no compiled rules.
# Usage: build-msi.sh APP_LIB_DIR OUT_DIR MAVEN_VERSION [WINDOWS_IMAGE_DIR]
set -euo pipefail
app="$1"; out="$2"; mvn_version="$3"; image="${4:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v wixl >/dev/null || ! command -v wixl-heat >/dev/null; then
  echo "msi: ERROR: wixl is missing (apt-get install wixl msitools)" >&2
  exit 1
fi
version="${mvn_version%%-*}"              # MSI versions are numeric: 0.1.0-SNAPSHOT -> 0.1.0
work="$out/msi-build"
payload="$work/payload"; deploy="$work/deploy"
rm -f "$out"/ferret-*-x64.msi
rm -rf "$work"; mkdir -p "$payload/bin/server" "$payload/app" "$payload/lib/ferret" "$deploy"

real=no
if [ -n "$image" ] && [ -f "$image/bin/java.exe" ]; then
  real=yes
  rm -rf "$payload"; cp -a "$image" "$payload"
fi
if [ $real = no ]; then
  classpath=""
  : > "$payload/lib/ferret/classpath.txt"
  for j in $(ls "$app"/*.jar | sort); do
    cp "$j" "$payload/app/"
    classpath="${classpath:+$classpath;}%FERRET_HOME%\\app\\$(basename "$j")"
    printf 'app\\%s\r\n' "$(basename "$j")" >> "$payload/lib/ferret/classpath.txt"
  done
  sed "s|@CLASSPATH@|${classpath//\\/\\\\}|" "$here/ferret-image.cmd" > "$payload/bin/ferret.cmd"
  unzip -q -j -o "$(ls "$app"/jna-[0-9]*.jar)" 'com/sun/jna/win32-x86-64/jnidispatch.dll' -d "$payload/lib/ferret"
  for f in bin/java.exe bin/jli.dll bin/java.dll bin/server/jvm.dll bin/server/classes.jsa lib/modules lib/yara.dll \
      lib/ferret/rules.yarc lib/ferret/rules.yarc.sha256 lib/ferret/ferret.jsa; do
    echo "placeholder for $f: made on a Windows build host by build-windows.ps1" > "$payload/$f"
  done
fi
cp "$here/ferret-scheduled-scan.ps1" "$here/GPO.md" "$deploy/"

(cd "$payload" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
  | wixl-heat -p '' --directory-ref INSTALLDIR --component-group FerretImage --var var.PayloadDir --win64 \
  > "$work/image.wxs"
msi="$(cd "$out" && pwd)/ferret-$version-x64.msi"
set +e
# (wixl resolves File/@Source only relative to the current directory: absolute paths fail)
(cd "$work" && wixl -v -a x64 -D Version="$version" -D Win64=yes -D PayloadDir=payload -D DeployDir=deploy \
  -o "$msi" "$here/ferret.wxs" image.wxs) > "$work/wixl.log" 2>&1
code=$?
set -e
unexpected="$(grep -v -e '^$' -e '^Loading ' -e '^Building ' -e '^Writing ' \
  -e "WixlWixProperty' has no property named 'Secure'" "$work/wixl.log" || true)"
if [ $code -ne 0 ] || [ -n "$unexpected" ] || [ ! -s "$msi" ]; then
  cat "$work/wixl.log" >&2
  echo "msi: ERROR: wixl failed (exit $code) or printed unexpected messages:" >&2
  echo "$unexpected" >&2
  exit 1
fi
echo "msi: $msi ($(du -h "$msi" | cut -f1), $([ $real = yes ] && echo "real Windows runtime" || echo "placeholder") payload: $(find "$payload" -type f | wc -l) files)"
