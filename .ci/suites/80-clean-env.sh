#!/usr/bin/env bash
# README's two commands on a fresh Debian 12 that has nothing but a JDK: a debootstrap chroot made here
# (nothing of this machine's installed packages, Maven repository or build output is inside it). Checks
# that `./ferret scan` reports YARA rules loaded and no high finding, and that `./test --fast` passes there.
# Root only (debootstrap, chroot, mounts in a private mount namespace that vanish with it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ "$(id -u)" -ne 0 ]; then echo "clean-env: needs root (debootstrap, chroot), skipped"; exit 0; fi
command -v debootstrap >/dev/null || { echo "clean-env: debootstrap missing (.ci/packages/clean-env.txt)" >&2; exit 1; }

work="$PWD/target/clean-env"
root="$work/root"
mirror="${CLEAN_ENV_MIRROR:-http://deb.debian.org/debian}"
rm -rf "$work"
mkdir -p "$work"
start=$SECONDS
echo "clean-env: debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The network's own trust anchors (e.g. a TLS-inspecting egress proxy's CA) come along: they belong to the
# network the machine sits on, not to what the project installs.
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
# The checkout as a new user gets it: the committed tree, no build output; under /opt, outside the places a live
# scan sweeps (as CI's clone is), so one integration test's scratch is not another's live finding.
git clone -q --no-local "$PWD" "$root/opt/ferret"
echo "clean-env: base system ready in $((SECONDS - start)) s"

cat >"$root/root/run.sh" <<'INNER'
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless ca-certificates >/dev/null
update-ca-certificates >/dev/null 2>&1 || true
cd /opt/ferret
echo "clean-env: machine has: $(java -version 2>&1 | head -n 1); libyara: $(ls /usr/lib/x86_64-linux-gnu/libyara* 2>/dev/null || echo none)"
echo "clean-env: README command 1: ./ferret scan"
set +e
./ferret scan --format jsonl -o /root/scan.jsonl --quiet
rc=$?
set -e
echo "clean-env: ./ferret scan exited $rc"
[ "$rc" -le 1 ] || exit 1
state="$(grep '"kind":"state"' /root/scan.jsonl | tail -n 1)"
if printf '%s' "$state" | grep -q 'YARA unavailable'; then echo "clean-env: FAIL: the scan ran without YARA" >&2; exit 1; fi
rules="$(printf '%s' "$state" | grep -oE '"(YARA rules|yara_rules|rules_loaded)":[0-9]+' | head -n 1 | grep -oE '[0-9]+$' || echo 0)"
[ "${rules:-0}" -gt 0 ] || { echo "clean-env: FAIL: no YARA rules loaded in the scan's state record" >&2; exit 1; }
echo "clean-env: scan report has $rules YARA rules loaded"
# a fresh Debian is a clean host: no finding of high severity (70) or more, every finding listed for the record
grep '"kind":"alert"' /root/scan.jsonl | sed -E 's/.*"severity":([0-9]+).*"rule":\{[^}]*"id":"([^"]+)".*/  \1 \2/' \
  | sort | uniq -c | sed 's/^/clean-env: finding /' || true
high="$(grep '"kind":"alert"' /root/scan.jsonl | grep -cE '"severity":(7[0-9]|8[0-9]|9[0-9]|100)[,}]' || true)"
[ "${high:-0}" -eq 0 ] || { echo "clean-env: FAIL: $high finding(s) of high severity on a fresh Debian" >&2; exit 1; }
echo "clean-env: README command 2: ./test --fast"
./test --fast
INNER

# The chroot runs in private mount and pid namespaces, as its own machine: mounts vanish with it whatever
# happens, and its scan sees its own processes, not this machine's.
unshare --mount --pid --fork --kill-child --propagation private bash -c '
  set -e
  root="$1"
  # "/" inside the chroot must be a mount point, as on a real machine: the tests make it private (unshare)
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys"
  mount -t tmpfs tmpfs "$root/tmp"
  mkdir -p "$root/run" && mount -t tmpfs tmpfs "$root/run"
  # the shared rule snapshot sits beside the checkout, as in CI (read-only)
  if [ -d "$2" ]; then mkdir -p "$root/opt/shared" && mount --bind -o ro "$2" "$root/opt/shared"; fi
  exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 bash /root/run.sh
' clean-env "$root" "$(cd .. && pwd)/shared"
echo "clean-env: passed in $((SECONDS - start)) s"
rm -rf "$work"
