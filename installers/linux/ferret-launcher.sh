#!/bin/sh
# ferret launcher inside the runtime image (bin/ferret). Built for @JDK@.
# Uses no external command, so it works with an empty PATH (env -i) on a host that has nothing installed, and
# writes nothing: JNA's native part is pre-extracted (-Djna.nounpack), the JVM keeps no perf data in /tmp
# (-XX:-UsePerfData), the class-data archive is only read. Loads nothing from the host but glibc: OSHI would
# dlopen the host's libudev, which ferret does not need (-Doshi.os.linux.allowudev=false).
# FERRET_JAVA_OPTS adds JVM options (after these, so they win), e.g. -Xmx4g or -Xshare:off.
self="$0"
if [ -L "$self" ]; then
  # started through a symbolic link: the image is where the link points (readlink: the one outside command,
  # needed only here; found without PATH too)
  self="$( (readlink -f "$self" || /usr/bin/readlink -f "$self" || /bin/readlink -f "$self") 2>/dev/null)" \
    || self="$0"
fi
case "$self" in
  */*) bin="${self%/*}" ;;
  *) bin=. ;;
esac
case "$bin" in
  /*) ;;
  *) bin="$PWD/$bin" ;;
esac
case "$bin" in
  */bin) home="${bin%/bin}" ;;
  *) home="$bin/.." ;;
esac
# never some other Java: the image is recognised by its own files
if [ ! -x "$home/bin/java" ] || [ ! -f "$home/lib/ferret/modules.txt" ]; then
  echo "ferret: cannot find ferret's runtime image around $0 (expected $home/bin/java and $home/lib/ferret)" >&2
  exit 3
fi

# File names are bytes; Java decodes them with the locale's charset. Under env -i, cron or systemd that is
# ASCII, and every non-ASCII name would be unreadable: ask for UTF-8 (silently: bash warns on a missing locale).
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
  *)
    if [ -d /usr/lib/locale/C.utf8 ] || [ -d /usr/lib/locale/C.UTF-8 ] || [ ! -e /usr/lib/locale/locale-archive ]; then
      { LC_ALL=C.UTF-8; } 2>/dev/null
    else
      { LC_ALL=en_US.UTF-8; } 2>/dev/null
    fi
    export LC_ALL ;;
esac
# libmagic's database of the bundled libmagic's own version (YARA's "magic" module)
[ -f "$home/lib/ferret/magic.mgc" ] && { MAGIC="$home/lib/ferret/magic.mgc"; export MAGIC; }

cds=""
if [ -f "$home/lib/ferret/ferret.aot" ]; then
  cds="-XX:AOTCache=$home/lib/ferret/ferret.aot"
elif [ -f "$home/lib/ferret/ferret.jsa" ]; then
  cds="-XX:SharedArchiveFile=$home/lib/ferret/ferret.jsa"
fi

# The JIT: commands that hash and scan files or memory need C2 (C1 alone hashes MD5 + SHA-256 at a sixth of
# the speed), kept for what stays hot (at its default thresholds C2 spends ~8 % of a disk sweep's CPU compiling
# lukewarm code); everything else starts faster with C1 alone.
jit="-XX:TieredStopAtLevel=1"
case "${1:-}" in
  files|scan|memory) jit="-XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=40000 -XX:Tier4BackEdgeThreshold=160000" ;;
esac

# glibc's malloc recycles a freed block of 16-32 MB inside its arenas once it has seen one (its mmap threshold
# rises): a big file's bytes read beyond the copy limit then stay resident after the file (measured: sweep peak
# RSS 35-60 MB lower with a fixed threshold at the copy limit, same time). A value the user set is kept.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-16777216}"

exec "$home/bin/java" @JAVA_OPTS@ -XX:+UseSerialGC -Xms32m $jit -XX:-UsePerfData $cds \
  -Dferret.home="$home" -Djna.boot.library.path="$home/lib/ferret" -Djna.nounpack=true -Djna.nosys=true \
  -Doshi.os.linux.allowudev=false $FERRET_JAVA_OPTS -cp "@CLASSPATH@" dev.ferret.cli.Main "$@"
