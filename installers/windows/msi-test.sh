#!/usr/bin/env bash
# CI: the MSI's tables hold what the WiX source promises (msiinfo, Debian package msitools).
# Usage: msi-test.sh MSI|DIR_WITH_ONE_MSI
set -euo pipefail
msi="$1"
if [ -d "$msi" ]; then
  set -- "$msi"/ferret-*-x64.msi
  [ $# -eq 1 ] && [ -f "$1" ] || { echo "msi-test: expected one ferret-*-x64.msi in $msi" >&2; exit 1; }
  msi="$1"
fi
fail() { echo "msi-test: FAILED: $*" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for t in File Registry Property Directory Component Upgrade Feature FeatureComponents Media; do
  msiinfo export "$msi" "$t" | tr -d '\r' > "$tmp/$t" || fail "no $t table"
done
msiinfo suminfo "$msi" > "$tmp/suminfo"

# files: the launcher, the JVM, JNA's dispatcher, the jars, the deploy scripts; yara.dll and the compiled rules
# when built on Windows (placeholders here); a real Windows runtime built on Linux (-Pwine) has a real JVM instead
size() { F="$1" awk -F'\t' '$3 == ENVIRON["F"] || index($3, "|" ENVIRON["F"]) {print $4; exit}' "$tmp/File"; }
wanted="ferret.cmd java.exe jnidispatch.dll classpath.txt ferret-scheduled-scan.ps1 GPO.md"
if [ "$(size java.exe)" -gt 10000 ]; then
  wanted="$wanted jvm.dll modules"
  [ "$(size jvm.dll)" -gt 1000000 ] || fail "the real runtime's jvm.dll is too small: $(size jvm.dll) bytes"
  echo "msi-test: real Windows runtime payload (java.exe $(size java.exe) bytes, jvm.dll $(size jvm.dll) bytes)"
else
  wanted="$wanted yara.dll rules.yarc rules.yarc.sha256"
fi
for f in $wanted; do
  F="$f" awk -F'\t' '$3 == ENVIRON["F"] || index($3, "|" ENVIRON["F"]) {found=1} END {exit !found}' "$tmp/File" || fail "file $f is not in the MSI"
done
grep -qP '\tferret-scanner-[^\t]*\.jar\t' "$tmp/File" || fail "the scanner jar is not in the MSI"
grep -qP '\tjna-[0-9][^\t]*\.jar\t' "$tmp/File" || fail "JNA is not in the MSI"
files=$(( $(wc -l < "$tmp/File") - 3 ))

# where: C:\Program Files\ferret (64-bit), with bin, app, lib, lib\ferret, deploy
grep -qP '^INSTALLDIR\tProgramFiles64Folder\tferret$' "$tmp/Directory" || fail "INSTALLDIR is not Program Files\\ferret"
for d in bin app lib deploy; do
  grep -qP "\tINSTALLDIR\t$d\$" "$tmp/Directory" || fail "no $d folder under INSTALLDIR"
done
grep -q 'Template: x64;1033' "$tmp/suminfo" || fail "not an x64 package: $(grep Template "$tmp/suminfo")"
awk -F'\t' 'NR > 3 && int($4 / 256) % 2 == 0 {bad=$1} END {if (bad) {print bad; exit 1}}' "$tmp/Component" > "$tmp/bad32" \
  || fail "component $(cat "$tmp/bad32") is not 64-bit"

# registry: settings the scheduled-scan script reads, and the event log source
# (wixl writes keys with a trailing backslash, WiX without)
sed -i 's/\\\t/\t/' "$tmp/Registry"
# (values through ENVIRON: awk -v would turn the backslashes of the keys into escapes)
reg() { K="$1" N="$2" V="$3" awk -F'\t' '$2 == 2 && $3 == ENVIRON["K"] && $4 == ENVIRON["N"] && $5 == ENVIRON["V"] {found=1} END {exit !found}' "$tmp/Registry" \
  || fail "registry value HKLM\\$1 $2 = $3 missing"; }
reg 'SOFTWARE\ferret' InstallDir '[INSTALLDIR]'
reg 'SOFTWARE\ferret' ReportShare '[REPORTSHARE]'
reg 'SOFTWARE\ferret' ScanArguments '[SCANARGS]'
awk -F'\t' '$3 == "SOFTWARE\\ferret" && $4 == "Version" && $5 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ {f=1} END {exit !f}' "$tmp/Registry" \
  || fail "registry value Version missing"
reg 'SYSTEM\CurrentControlSet\Services\EventLog\Application\ferret' EventMessageFile \
  '%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll'
reg 'SYSTEM\CurrentControlSet\Services\EventLog\Application\ferret' TypesSupported '#7'

# properties: per machine, upgrade code, defaults, no repair/modify; major upgrades replace older versions
prop() { grep -qP "^$1\t$2\$" "$tmp/Property" || fail "property $1 = $2 missing: $(grep -P "^$1\t" "$tmp/Property" || echo none)"; }
prop ALLUSERS 1
prop UpgradeCode '\{49F4BB9D-3AB9-4284-B059-3BD383856258\}'
prop ProductName ferret
prop SCANARGS '--quiet'
prop ARPNOREPAIR 1
prop ARPNOMODIFY 1
grep -qP '^ProductVersion\t[0-9]+\.[0-9]+\.[0-9]+$' "$tmp/Property" || fail "no numeric ProductVersion"
grep -q 'WIX_UPGRADE_DETECTED' "$tmp/Upgrade" && grep -q 'WIX_DOWNGRADE_DETECTED' "$tmp/Upgrade" \
  || fail "no major-upgrade rows"
grep -qP '\tEmbedCab|ferret\.cab|#ferret\.cab' "$tmp/Media" || fail "the cabinet is not embedded: $(cat "$tmp/Media")"
echo "msi-test: $msi ok: $files files, $(( $(wc -l < "$tmp/Registry") - 3 )) registry values, $(grep -cP '^[A-Za-z]' "$tmp/Property") properties," \
  "ProductVersion $(awk -F'\t' '$1 == "ProductVersion" {print $2}' "$tmp/Property")"
