#!/usr/bin/env bash
# Builds the self-contained linux-x86_64 runtime image:
#   - a jlink-trimmed Java runtime (modules from jdeps, minus the optional ones ferret proves it runs without),
#     native code stripped, a base CDS archive from jlink and an application CDS archive from a --version run;
#   - ferret's jars on an explicit class path (no wildcard: an added jar is not picked up, and the CDS archive
#     stays valid), JNA's native dispatcher unpacked in advance (the kit may be read-only);
#   - libyara and every non-glibc library it needs, copied in with their search path set to the image's own
#     folder (patchelf), loaded by absolute path; libmagic's database beside them;
#   - the built-in rules compiled once into lib/ferret/rules.yarc (+ .sha256, + .sig: Ed25519, the trusted public
#     key in lib/ferret/keys) by the image's own libyara;
#   - lib/ferret/REQUIREMENTS.txt: the oldest glibc for the JVM and for libyara, every bundled library.
# Fails when any shared library of the image would come from the host other than glibc's.
#
# Usage: build-image.sh JDK|auto APP_LIB_DIR OUTPUT_DIR [FALLBACK_JDK]
#   JDK "auto": the newest /usr/lib/jvm/temurin-* (its JVM needs only glibc 2.17), else FALLBACK_JDK.
# Environment: FERRET_LIBYARA=/path/libyara.so.N to bundle another libyara; FERRET_IMAGE_NO_YARA=1 to bundle none.
set -euo pipefail
jdk="$1"; app="$(cd "$2" && pwd)"; out="$3"; fallback="${4:-}"
mkdir -p "$(dirname "$out")"; out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "image: $*"; }
warn() { echo "image: WARNING: $*" >&2; }
die() { echo "image: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- the JDK
if [ "$jdk" = auto ]; then
  jdk=""
  for candidate in $(ls -d /usr/lib/jvm/temurin-* 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/bin/jlink" ]; then jdk="$candidate"; break; fi
  done
  if [ -z "$jdk" ]; then
    [ -n "$fallback" ] || die "no Temurin JDK under /usr/lib/jvm and no fallback JDK given"
    jdk="$fallback"
    warn "no Temurin JDK under /usr/lib/jvm: cutting the image from $jdk; check the glibc it needs below"
  fi
fi
[ -x "$jdk/bin/jlink" ] || die "$jdk has no bin/jlink (a JDK, not a JRE, is needed)"
feature="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${feature:-0}" -ge 17 ] || die "$jdk is Java $feature; ferret needs 17 or newer"
jdk_version="$("$jdk/bin/java" -version 2>&1 | sed -n '2p')"
log "JDK $jdk ($jdk_version)"

rm -rf "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- modules
# jdeps over the whole class path, from the scanner jar (the entry point) down.
jars=()
while IFS= read -r j; do jars+=("$j"); done < <(ls "$app"/*.jar | sort)
classpath="$(IFS=:; echo "${jars[*]}")"
scanner_jar="$(ls "$app"/ferret-scanner-*.jar)"
found="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$classpath" "$scanner_jar")"
# Modules jdeps finds but ferret runs without (the smoke test, a real scan with JSON output and YARA, proves
# it): java.desktop (JNA's and OSHI's AWT helpers, never called; jackson-databind declares it 'requires
# static'), java.sql and with it java.xml and java.transaction.xa (jackson-databind 'requires static').
excluded="java.desktop java.sql java.xml java.transaction.xa java.management"
# ...but never when ferret's own code uses them: that would be a real dependency.
own="$("$jdk/bin/jdeps" -summary --ignore-missing-deps --multi-release 17 --class-path "$classpath" \
  "$app"/ferret-*.jar 2>/dev/null | awk '$1 ~ /^ferret-/ && $3 ~ /^(java|jdk)\./ {print $3}' | sort -u | tr '\n' ' ')"
modules=""
for m in $(echo "$found" | tr ',' ' '); do
  skip=no
  for x in $excluded; do
    if [ "$m" = "$x" ]; then skip=yes; fi
  done
  if [ $skip = yes ] && ! echo " $own " | grep -c " $m " > /dev/null; then continue; fi
  modules="${modules:+$modules,}$m"
done
# Not visible to jdeps: jline (progress bar) reaches sun.misc.Signal reflectively; java.logging is what JNA
# logs through.
modules="$modules,jdk.unsupported,java.logging"
# Ed25519 (rule-bundle signatures) is a provider looked up by name: before JDK 22 it lives in jdk.crypto.ec, which
# jdeps cannot see (on Temurin 25 it is in java.base). Found by the clean-env suite, whose image comes from
# Debian's OpenJDK 17.
jdk_modules="$("$jdk/bin/java" --list-modules 2>/dev/null || true)"  # captured, then matched
case "$jdk_modules" in *jdk.crypto.ec@*) modules="$modules,jdk.crypto.ec" ;; esac
modules="$(echo "$modules" | tr ',' '\n' | sort -u | paste -sd, -)"
log "modules: $modules (jdeps found: $found)"

# ---------------------------------------------------------------- jlink
# (the plugin list is captured first: `jlink | grep -q` can fail under pipefail when grep stops reading early)
plugins="$("$jdk/bin/jlink" --list-plugins 2>/dev/null || true)"
compress="--compress=zip-6"
case "$plugins" in *'zip-[0-9]'*) ;; *) compress="--compress=2" ;; esac
cds_plugin=""
case "$plugins" in *--generate-cds-archive*) cds_plugin="--generate-cds-archive" ;; esac
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages $compress \
  --dedup-legal-notices=error-if-not-same-content $cds_plugin --output "$out" > "$work/jlink.log" 2>&1 \
  || { cat "$work/jlink.log" >&2; die "jlink failed"; }
# the archive for heaps over 32 GB (no compressed oops): ferret never runs with one
rm -f "$out/lib/server/classes_nocoops.jsa"
# commands ferret never runs
for cmd in "$out"/bin/*; do
  [ "$(basename "$cmd")" = java ] || rm -f "$cmd"
done
# native code: drop symbol tables (the dynamic symbols the JVM looks up stay)
if command -v strip >/dev/null; then
  while IFS= read -r f; do
    if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
      chmod u+w "$f"; strip --strip-unneeded "$f"
    fi
  done < <(find "$out" -type f \( -name '*.so' -o -path "$out/bin/*" -o -name jspawnhelper -o -name jexec \))
else
  warn "strip not found: native code keeps its symbol tables"
fi

# ---------------------------------------------------------------- what the JDK's own libraries need
# Temurin's JVM links nothing but glibc; a distribution's JDK (Debian's OpenJDK, the fallback on a machine
# with no Temurin) also links libstdc++ and libgcc_s. Those come into the image's lib/ as well, found through
# $ORIGIN (DT_RPATH), so the image still needs nothing from the host but glibc.
jdk_bundled=()
while IFS= read -r f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  needs_host=0
  while read -r soname path; do
    [ -n "$path" ] && [ "$path" != not ] || continue
    "$here/check-libs.sh" --is-glibc "$soname" && continue
    case "$(readlink -f "$path")" in "$out"/*) continue ;; esac
    needs_host=1
    if [ ! -e "$out/lib/$soname" ]; then
      install -m 644 "$(readlink -f "$path")" "$out/lib/$soname"
      patchelf --force-rpath --set-rpath '$ORIGIN' "$out/lib/$soname"
      jdk_bundled+=("$soname")
    fi
  done < <(env -i ldd "$f" 2>/dev/null | awk '/=>/ {print $1, $3}')
  if [ "$needs_host" = 1 ]; then
    command -v patchelf >/dev/null || die "$jdk's ${f#$out/} needs host libraries and patchelf is missing"
    chmod u+w "$f"
    patchelf --force-rpath --set-rpath "\$ORIGIN/$(realpath --relative-to="$(dirname "$f")" "$out/lib")" "$f"
  fi
done < <(find "$out" -type f \( -name '*.so' -o -path "$out/bin/*" -o -name jspawnhelper -o -name jexec \))
[ "${#jdk_bundled[@]}" -eq 0 ] || log "the JDK's libraries need ${jdk_bundled[*]}: bundled"

# ---------------------------------------------------------------- the application
mkdir -p "$out/app" "$out/lib/ferret"
image_cp=""
for j in "${jars[@]}"; do
  cp "$j" "$out/app/"
  image_cp="${image_cp:+$image_cp:}\$home/app/$(basename "$j")"
done
jna="$(ls "$app"/jna-[0-9]*.jar)"
(cd "$work" && "$jdk/bin/jar" xf "$jna" com/sun/jna/linux-x86-64/libjnidispatch.so)
install -m 644 "$work/com/sun/jna/linux-x86-64/libjnidispatch.so" "$out/lib/ferret/libjnidispatch.so"
echo "$modules" > "$out/lib/ferret/modules.txt"

# ---------------------------------------------------------------- libyara and what it needs
is_glibc() { "$here/check-libs.sh" --is-glibc "$1"; }

yara_note=""
yara_src=""
if [ "${FERRET_IMAGE_NO_YARA:-0}" = 1 ]; then
  yara_note="not bundled (FERRET_IMAGE_NO_YARA=1)"
elif ! patchelf --version >/dev/null 2>&1; then
  yara_note="NOT BUNDLED: patchelf is missing on the build host (apt-get install patchelf)"
else
  yara_src="${FERRET_LIBYARA:-}"
  if [ -z "$yara_src" ]; then
    yara_src="$(/sbin/ldconfig -p 2>/dev/null | awk '/libyara\.so\.[0-9]+ .*x86-64/ {print $NF}' | sort -V | tail -n 1)"
  fi
  if [ -z "$yara_src" ] || [ ! -e "$yara_src" ]; then
    yara_note="NOT BUNDLED: no libyara on the build host (apt-get install libyara9)"
    yara_src=""
  fi
fi
bundled=()
if [ -n "$yara_src" ]; then
  yara_real="$(readlink -f "$yara_src")"
  install -m 644 "$yara_real" "$out/lib/libyara.so"
  bundled+=("libyara.so:$yara_real")
  # every library libyara needs, transitively, as the build host resolves them; glibc's stay the host's
  while read -r soname path; do
    if is_glibc "$soname"; then continue; fi
    [ -n "$path" ] && [ -e "$path" ] || die "libyara needs $soname, which the build host cannot resolve"
    install -m 644 "$(readlink -f "$path")" "$out/lib/$soname"
    bundled+=("$soname:$(readlink -f "$path")")
  done < <(ldd "$yara_real" | awk '/=>/ {print $1, $3}')
  for entry in "${bundled[@]}"; do
    f="$out/lib/${entry%%:*}"
    # DT_RPATH (not DT_RUNPATH): searched before LD_LIBRARY_PATH, so a host's LD_LIBRARY_PATH cannot swap in
    # its own libcrypto; $ORIGIN: the image's lib/ folder wherever the image lies
    patchelf --force-rpath --set-rpath '$ORIGIN' "$f"
  done
  # libmagic's database of the same version (an older host's magic.mgc is refused by a newer libmagic)
  magic_db=""
  for m in /usr/lib/file/magic.mgc /usr/share/misc/magic.mgc /usr/share/file/magic.mgc; do
    if [ -e "$m" ]; then magic_db="$(readlink -f "$m")"; break; fi
  done
  if [ -n "$magic_db" ] && [ -e "$out/lib/libmagic.so.1" ]; then
    install -m 644 "$magic_db" "$out/lib/ferret/magic.mgc"
  fi
  yara_pkg="$(dpkg -S "$yara_real" 2>/dev/null | cut -d: -f1 | head -n 1 || true)"
  yara_ver="${yara_pkg:+$(dpkg-query -W -f '${Version}' "$yara_pkg" 2>/dev/null || true)}"
  yara_note="bundled: $yara_real${yara_pkg:+ (Debian $yara_pkg $yara_ver)}"
  log "libyara $yara_note, with ${#bundled[@]} libraries"
else
  warn "libyara $yara_note"
  warn "the image will use the host's libyara if it has one, else run every check but YARA"
fi

# ---------------------------------------------------------------- launcher
java_opts="--enable-native-access=ALL-UNNAMED"
[ "$feature" -ge 25 ] && java_opts="$java_opts -Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:aot=off" \
  || java_opts="$java_opts -Xlog:cds=off -Xlog:cds+dynamic=off"
sed -e "s|@CLASSPATH@|$image_cp|" -e "s|@JAVA_OPTS@|$java_opts|" -e "s|@JDK@|$jdk_version|" \
  "$here/ferret-launcher.sh" > "$out/bin/ferret"
chmod 755 "$out/bin/ferret"
# fixed, even-second jar times: the CDS archive checks them, and FAT media keep only even seconds
stamp="$(( ${SOURCE_DATE_EPOCH:-$(date +%s)} / 2 * 2 ))"
touch -d "@$stamp" "$out"/app/*.jar

# the JVM flags of the launcher, for the build-time runs below
run_java() {
  local home="$out"
  env -i "$out/bin/java" $java_opts -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
    -Dferret.home="$home" -Djna.boot.library.path="$home/lib/ferret" -Djna.nounpack=true -Djna.nosys=true \
    -Doshi.os.linux.allowudev=false "$@"
}
image_classpath="$(echo "$image_cp" | sed "s|\\\$home|$out|g")"

# ---------------------------------------------------------------- compiled built-in rules
if [ -e "$out/lib/libyara.so" ]; then
  # Signed with Ed25519: FERRET_SIGNING_KEY (a release key kept offline, its .pub beside it) or else a throw-away
  # build key made here beside the image (target/build-key). The image trusts the public half (lib/ferret/keys).
  key="${FERRET_SIGNING_KEY:-}"
  if [ -z "$key" ]; then
    keydir="$(dirname "$out")/build-key"
    key="$(ls "$keydir"/ferret-*.key 2>/dev/null | head -n 1 || true)"
    if [ -z "$key" ]; then
      run_java -cp "$image_classpath" dev.ferret.cli.RulesCommand keygen --out "$keydir" | sed 's/^/image: /'
      key="$(ls "$keydir"/ferret-*.key | head -n 1)"
    fi
    warn "rules signed with the build's own key $key: a release signs with a key kept offline (FERRET_SIGNING_KEY)"
  fi
  mkdir -p "$out/lib/ferret/keys"
  cp "${key%.key}.pub" "$out/lib/ferret/keys/"
  run_java -cp "$image_classpath" dev.ferret.cli.RulesCommand compile -o "$out/lib/ferret/rules.yarc" \
    --sign "$key" | sed 's/^/image: /'
  run_java -cp "$image_classpath" dev.ferret.cli.RulesCommand check "$out/lib/ferret/rules.yarc" \
    --require-signature | sed 's/^/image: /'
else
  warn "no compiled rule bundle (no bundled libyara to compile it with): the built-ins compile at each run"
fi

# ---------------------------------------------------------------- AOT cache (JDK 25+) or CDS archive of a --version run
if [ "$feature" -ge 25 ]; then
  # JDK 25's ahead-of-time cache (JEP 483/514): classes loaded and linked, and their profiles, from a training
  # run through the launcher itself (the cache records the class path, which must read the same at run time)
  env -i FERRET_JAVA_OPTS="-XX:AOTCacheOutput=$out/lib/ferret/ferret.aot" "$out/bin/ferret" --version \
    > "$work/aot.log" 2>&1 || { cat "$work/aot.log" >&2; die "AOT cache training run failed"; }
  [ -s "$out/lib/ferret/ferret.aot" ] || { cat "$work/aot.log" >&2; die "no AOT cache written"; }
  log "AOT cache: lib/ferret/ferret.aot ($(du -k "$out/lib/ferret/ferret.aot" | cut -f1) KiB)"
elif [ -e "$out/lib/server/classes.jsa" ]; then
  # through the launcher itself: the archive records the class path, which must read the same at run time
  env -i FERRET_JAVA_OPTS="-XX:ArchiveClassesAtExit=$out/lib/ferret/ferret.jsa" "$out/bin/ferret" --version \
    > "$work/cds.log" 2>&1 || { cat "$work/cds.log" >&2; die "CDS archive run failed"; }
  [ -s "$out/lib/ferret/ferret.jsa" ] || { cat "$work/cds.log" >&2; die "no CDS archive written"; }
  log "CDS archive: lib/ferret/ferret.jsa ($(du -k "$out/lib/ferret/ferret.jsa" | cut -f1) KiB; picocli's" \
    "pre-Java-6 classes cannot be archived)"
else
  warn "the JDK made no base CDS archive: no application CDS archive either"
fi

# ---------------------------------------------------------------- every shared library, inside or glibc
"$here/check-libs.sh" "$out" > "$work/libs.txt" || { cat "$work/libs.txt" >&2; die "the image needs host libraries"; }

# ---------------------------------------------------------------- oldest glibc
max_glibc() {  # highest GLIBC_x.y symbol version the given ELF files need
  for f in "$@"; do objdump -T "$f" 2>/dev/null; done | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' \
    | sort -uV | tail -n 1
}
needers() {  # which files need exactly that version
  local v="$1"; shift
  for f in "$@"; do
    if objdump -T "$f" 2>/dev/null | grep "GLIBC_$v\b" > /dev/null; then echo -n "${f#$out/} "; fi
  done
}
jvm_files=()
yara_files=()
while IFS= read -r f; do
  case "$f" in
    "$out/lib/libyara.so") yara_files+=("$f") ;;
    *)
      inyara=no
      for entry in "${bundled[@]}"; do
        if [ "$f" = "$out/lib/${entry%%:*}" ]; then inyara=yes; fi
      done
      if [ $inyara = yes ]; then yara_files+=("$f"); else jvm_files+=("$f"); fi ;;
  esac
done < <(find "$out" -type f \( -name '*.so' -o -name '*.so.*' -o -path "$out/bin/java" -o -name jspawnhelper \) | sort)
jvm_glibc="$(max_glibc "${jvm_files[@]}")"
jvm_needers="$(needers "$jvm_glibc" "${jvm_files[@]}")"
if [ ${#yara_files[@]} -gt 0 ]; then
  yara_glibc="$(max_glibc "${yara_files[@]}")"
  yara_needers="$(needers "$yara_glibc" "${yara_files[@]}")"
fi
{
  echo "ferret runtime image for Linux x86_64: what a host needs"
  echo
  echo "Java runtime: $jdk_version (from $jdk)"
  echo "Oldest glibc for the JVM and ferret (every check but YARA): $jvm_glibc (highest symbol version, needed by: $jvm_needers)"
  if [ ${#yara_files[@]} -gt 0 ]; then
    echo "Oldest glibc for the bundled libyara (YARA rules over files and memory): $yara_glibc (needed by: $yara_needers)"
    echo "  On an older glibc ferret runs every other check, and its report's coverage record says"
    echo "  \"YARA unavailable: libyara failed to load: ... version \`GLIBC_$yara_glibc' not found\"."
  else
    echo "libyara: $yara_note"
  fi
  echo "Nothing else from the host: every shared library the image loads is inside it or part of glibc"
  echo "(checked at build time with ldd on every ELF file; the list follows)."
  echo
  echo "libyara: $yara_note"
  for entry in "${bundled[@]}"; do
    src="${entry#*:}"
    pkg="$(dpkg -S "$src" 2>/dev/null | cut -d: -f1 | head -n 1 || true)"
    echo "  lib/${entry%%:*}  <- $src${pkg:+ (Debian $pkg $(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null))}"
  done
  [ -e "$out/lib/ferret/magic.mgc" ] && echo "  lib/ferret/magic.mgc  <- $magic_db (the launcher sets MAGIC to it)"
  echo
  echo "Modules: $modules"
  echo
  echo "Shared libraries by file (ldd, no LD_LIBRARY_PATH):"
  sed 's/^/  /' "$work/libs.txt"
} > "$out/lib/ferret/REQUIREMENTS.txt"
log "oldest glibc: JVM $jvm_glibc ($jvm_needers), libyara ${yara_glibc:-n/a} (${yara_needers:-$yara_note})"

# ---------------------------------------------------------------- start-up time of ferret --version
measure() {  # prints "best-wall median-wall best-cpu median-cpu" (ms) over 9 runs of ferret --version
  local n=9 walls=() cpus=()
  for _ in $(seq $n); do
    /usr/bin/time -f '%e %U %S' -o "$work/t" env -i FERRET_JAVA_OPTS="$*" "$out/bin/ferret" --version >/dev/null
    read -r e u s < "$work/t"
    walls+=("$(awk -v e="$e" 'BEGIN {printf "%d", e * 1000}')")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  local w c
  w="$(printf '%s\n' "${walls[@]}" | sort -n)"; c="$(printf '%s\n' "${cpus[@]}" | sort -n)"
  echo "$(echo "$w" | head -n 1) $(echo "$w" | sed -n 5p) $(echo "$c" | head -n 1) $(echo "$c" | sed -n 5p)"
}
if [ -x /usr/bin/time ]; then
  # on a busy CI machine the best run is the steadiest figure; the median is printed beside it
  read -r wb wm cb cm < <(measure "")
  app="${wb} ms (median ${wm}; CPU ${cb}/${cm})"
  # without the AOT cache (moved aside: the launcher then runs on the JDK's archive), and with no CDS at all
  aot="$out/lib/ferret/ferret.aot"
  [ -e "$aot" ] && mv "$aot" "$aot.off"
  read -r wb wm cb cm < <(measure "-XX:SharedArchiveFile=$out/lib/server/classes.jsa")
  base="${wb} ms (median ${wm}; CPU ${cb}/${cm})"
  read -r wb wm cb cm < <(measure "-Xshare:off")
  [ -e "$aot.off" ] && mv "$aot.off" "$aot"
  off="${wb} ms (median ${wm}; CPU ${cb}/${cm})"
  startup="ferret --version, best of 9 wall-clock (median; CPU best/median): with ferret's $([ -e "$out/lib/ferret/ferret.aot" ] && echo "AOT cache" || echo "CDS archive") $app; JDK archive only $base; no CDS $off"
else
  s=$(date +%s%N); env -i "$out/bin/ferret" --version >/dev/null; startup="ferret --version: $(( ($(date +%s%N) - s) / 1000000 )) ms (one run)"
fi
log "start-up: $startup"
echo "Measured at build: $startup" >> "$out/lib/ferret/REQUIREMENTS.txt"

size="$(du -sh "$out" | cut -f1)"
log "done: $out ($size; JVM $(du -sh "$out/lib/server" | cut -f1) of it, libyara and its libraries $(du -ch "$out"/lib/libyara.so "$out"/lib/lib*.so.* 2>/dev/null | tail -n 1 | cut -f1))"
echo "Image size: $size" >> "$out/lib/ferret/REQUIREMENTS.txt"
