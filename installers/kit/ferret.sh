#!/bin/sh
# ferret USB kit launcher for Linux. Start it with sh, so it runs even where the stick is mounted noexec:
#
#     sh /media/usb/ferret-kit/ferret.sh scan
#
# Before anything runs it checks the kit against MANIFEST.sha256 and refuses a modified kit. Reports go to the
# kit's results/ folder (never to the suspect host) unless you give --output. Rules and IOC files dropped into
# signatures/rules and signatures/iocs are added to every scan. Exit codes are ferret's (0 clean, 1 findings,
# 2 bad usage or input, 3 incomplete); the kit's own refusals exit 2 (modified kit, nowhere to write) or
# 3 (cannot run here).
#
# FERRET_KIT_NO_VERIFY=1 skips the manifest check (say why in your notes).

# the suspect host's PATH may lead to trojaned tools: use the system's own directories only
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 077

say() { echo "ferret-kit: $*" >&2; }

case "$0" in
  */*) kit="${0%/*}" ;;
  *) kit=. ;;
esac
kit="$(cd "$kit" && pwd -P)" || { say "cannot enter the kit folder"; exit 3; }
image="$kit/linux-x86_64"

# ------------------------------------------------------------------------- 1. is this the kit we built?
verify_kit() {
  manifest="$kit/MANIFEST.sha256"
  if [ ! -f "$manifest" ]; then
    say "MANIFEST.sha256 is missing: refusing an unverifiable kit"
    exit 2
  fi
  if command -v sha256sum >/dev/null 2>&1; then
    hasher="sha256sum"
  elif command -v shasum >/dev/null 2>&1; then
    hasher="shasum -a 256"
  elif command -v busybox >/dev/null 2>&1; then
    hasher="busybox sha256sum"
  else
    say "no sha256sum on this host to check the kit with: refusing (FERRET_KIT_NO_VERIFY=1 runs it unchecked)"
    exit 2
  fi
  failed="$(cd "$kit" && $hasher -c "$manifest" 2>/dev/null | grep -v ': OK$' | head -n 1)"
  if [ -n "$failed" ]; then
    say "this kit does not match its manifest ($failed): refusing to run a modified or damaged kit"
    exit 2
  fi
  # a file added to the runtime (a jar, a library) is as bad as a changed one
  if command -v find >/dev/null 2>&1 && command -v awk >/dev/null 2>&1; then
    extra="$(cd "$kit" && find linux-x86_64 -type f 2>/dev/null \
      | awk 'NR == FNR { listed[substr($0, 67)] = 1; next } !($0 in listed) { print; exit }' "$manifest" -)"
    if [ -n "$extra" ]; then
      say "this kit holds a file its manifest does not list ($extra): refusing to run a modified kit"
      exit 2
    fi
  fi
  kit_id="$($hasher "$manifest" | cut -c1-16)"
  say "kit verified against MANIFEST.sha256 (kit id ${kit_id}; compare with the id recorded when the kit was made)"
}
if [ "${FERRET_KIT_NO_VERIFY:-0}" = 1 ]; then
  say "WARNING: the kit was NOT verified (FERRET_KIT_NO_VERIFY=1)"
else
  verify_kit
fi

# ------------------------------------------------------------------------- 2. can programs run from here?
# the mount the kit lives on: the longest mount point that is a prefix of the kit's path
mnt_point=""; mnt_opts=""
if [ -r /proc/self/mounts ]; then
  while read -r _dev m _type o _rest; do
    case "$m" in *\\*) m="$(printf '%s' "$m" | sed 's/\\040/ /g')" ;; esac
    case "$m" in
      /) inside=yes ;;
      *) case "$image/" in "$m"/*) inside=yes ;; *) inside=no ;; esac ;;
    esac
    if [ $inside = yes ] && [ ${#m} -ge ${#mnt_point} ]; then mnt_point="$m"; mnt_opts="$o"; fi
  done < /proc/self/mounts
fi
case ",$mnt_opts," in
  *,noexec,*)
    say "the kit is on $mnt_point, mounted noexec: no program can run from it (only this script, through sh)."
    say "workaround 1, as root: mount -o remount,exec '$mnt_point'   (and afterwards: mount -o remount,noexec '$mnt_point')"
    say "workaround 2, as root, the kit in memory and reports on the stick (nothing on the host's disks):"
    say "  mkdir /run/ferret-kit && mount -t tmpfs -o size=256m tmpfs /run/ferret-kit && cp -a '$kit/.' /run/ferret-kit/"
    say "  sh /run/ferret-kit/ferret.sh scan --output '$kit/results'   (then: umount /run/ferret-kit)"
    exit 3 ;;
esac
if [ ! -x "$image/bin/java" ]; then
  say "$image/bin/java is not executable: was the kit copied without its permissions (e.g. through Windows)?"
  say "on FAT/exFAT media mount with exec and without showexec: mount -o remount,exec,fmask=0022 '$mnt_point'"
  exit 3
fi
# the manifest's Ed25519 signature, checked by the kit's own JDK now that it is known to run from here
if [ "${FERRET_KIT_NO_VERIFY:-0}" != 1 ]; then
  if [ ! -f "$kit/MANIFEST.sha256.sig" ]; then
    say "MANIFEST.sha256.sig is missing: refusing an unsigned kit"
    exit 2
  fi
  if ! signer="$("$image/bin/ferret" rules verify-signature "$kit/MANIFEST.sha256" 2>&1)"; then
    say "the kit's signature does not verify: ${signer#ferret: }"
    exit 2
  fi
  say "kit signature ok (key $(printf '%s' "$signer" | sed -n 's/.*, key \([0-9a-f]*\),.*/\1/p'); compare it with the key id published for your kits)"
fi

# ------------------------------------------------------------------------- 3. where the report goes
cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  scan|processes|network|persistence|files|memory) scanning=yes ;;
  *) scanning=no ;;
esac
if [ $scanning = no ]; then
  [ -n "$cmd" ] && set -- "$cmd" "$@"
  exec "$image/bin/ferret" "$@"
fi

user_output=no; text=yes; format_given=no
prev=""
for a in "$@"; do
  case "$a" in
    -o|--output|--output=*|-o?*) user_output=yes ;;
    --format=text) text=yes; format_given=yes ;;
    --format=*) text=no; format_given=yes ;;
    --format) format_given=yes ;;
  esac
  if [ "$prev" = "--format" ]; then
    if [ "$a" = text ]; then text=yes; else text=no; fi
  fi
  prev="$a"
done

results="$kit/results"
if [ $user_output = no ]; then
  if [ ! -d "$results" ] || [ ! -w "$results" ]; then
    say "the kit's results/ folder is not writable (read-only or write-protected media): give --output DIR on"
    say "writable media that is not the suspect host's disk (a second stick, a share), e.g. --output /media/usb2"
    exit 2
  fi
  set -- --output "$results" "$@"
  # into the kit: the summary for the terminal, JSON Lines for machines and HTML for people, from one scan
  [ $format_given = yes ] || set -- --format text,jsonl,html "$@"
  errdir="$results"
else
  errdir=""
fi
# a JVM crash log goes with the report, not into the host's current directory
case "$errdir" in
  ""|*" "*) ;;
  *) FERRET_JAVA_OPTS="${FERRET_JAVA_OPTS:-} -XX:ErrorFile=$errdir/ferret-jvm-crash-%p.log"; export FERRET_JAVA_OPTS ;;
esac

# drop-in signatures: sources as a folder, compiled bundles one by one
dropin_rules=no
for f in "$kit"/signatures/rules/*.yar "$kit"/signatures/rules/*.yara "$kit"/signatures/rules/*.rule \
    "$kit"/signatures/rules/*.rules; do
  [ -f "$f" ] && dropin_rules=yes
done
[ $dropin_rules = yes ] && set -- --rules "$kit/signatures/rules" "$@"
for f in "$kit"/signatures/rules/*.yarc; do
  [ -f "$f" ] && set -- --rules "$f" "$@"
done
for f in "$kit"/signatures/iocs/*; do
  if [ -f "$f" ]; then set -- --iocs "$kit/signatures/iocs" "$@"; break; fi
done
set -- "$cmd" "$@"

before=""
if [ $user_output = no ] && [ $text = yes ]; then
  for f in "$results"/ferret-*.txt; do [ -f "$f" ] && before="$before|$f|"; done
fi

"$image/bin/ferret" "$@"
code=$?

if [ $user_output = no ] && [ $text = yes ]; then
  # show the text report that was just written to the kit
  for f in "$results"/ferret-*.txt; do
    case "$before" in *"|$f|"*) continue ;; esac
    [ -f "$f" ] && { cat "$f"; say "report: $f"; }
  done
fi
# the stick may be pulled right away
command -v sync >/dev/null 2>&1 && sync
exit $code
