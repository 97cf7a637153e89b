#!/usr/bin/env bash
# Packages the runtime image as a .deb (dpkg-deb, no debhelper): /opt/ferret (the image, plus
# libexec/scheduled-scan), /usr/bin/ferret, ferret-scan.service + .timer (enabled on install, daily), the cron
# alternative /etc/cron.d/ferret (does nothing where systemd runs), settings in /etc/default/ferret.
# Usage: build-deb.sh IMAGE_DIR OUT_DIR MAVEN_VERSION
set -euo pipefail
image="$1"; outdir="$2"; mvn_version="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${mvn_version//-/\~}"          # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT (sorts before 0.1.0)
pkg="$outdir/ferret-deb-root"
deb="$outdir/ferret_${version}_amd64.deb"

rm -f "$outdir"/ferret_*_amd64.deb
rm -rf "$pkg"; mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/default" \
  "$pkg/etc/cron.d" "$pkg/usr/share/doc/ferret"
cp -a "$image" "$pkg/opt/ferret"
install -D -m 755 "$here/scheduled-scan.sh" "$pkg/opt/ferret/libexec/scheduled-scan"
install -D -m 644 "$here/../DEPLOYING.md" "$pkg/opt/ferret/share/DEPLOYING.md"
install -m 755 "$here/ferret-wrapper.sh" "$pkg/usr/bin/ferret"
install -m 644 "$here/ferret-scan.service" "$here/ferret-scan.timer" "$pkg/lib/systemd/system/"
install -m 644 "$here/ferret.default" "$pkg/etc/default/ferret"
install -m 644 "$here/ferret.cron" "$pkg/etc/cron.d/ferret"
install -m 755 "$here/postinst" "$here/prerm" "$here/postrm" "$pkg/DEBIAN/"
printf '/etc/default/ferret\n/etc/cron.d/ferret\n' > "$pkg/DEBIAN/conffiles"
cat > "$pkg/usr/share/doc/ferret/copyright" <<'COPYRIGHT'
ferret: endpoint compromise scanner.
Bundled: a Java runtime (licences in /opt/ferret/legal), libyara and the libraries it needs (listed with their
Debian packages in /opt/ferret/lib/ferret/REQUIREMENTS.txt; their licences are those of those packages), and
the Java libraries in /opt/ferret/app (picocli, Jackson, JNA, OSHI, SLF4J: Apache-2.0/MIT/LGPL-2.1-or-Apache-2.0).
COPYRIGHT
glibc="$(sed -n 's/^Oldest glibc for the JVM[^:]*: \([0-9.]*\).*/\1/p' "$image/lib/ferret/REQUIREMENTS.txt")"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: ferret
Version: $version
Architecture: amd64
Maintainer: ferret maintainers <ferret@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: libc6 (>= ${glibc:-2.17})
Suggests: curl
Section: admin
Priority: optional
Description: endpoint compromise scanner for incident responders
 One read-only command tells what is running that should not, what is hidden,
 what it talks to and what restarts it. Self-contained: its own Java runtime
 and libyara are in /opt/ferret. A daily systemd timer (or cron, without
 systemd) writes one JSON Lines report per run to /var/lib/ferret/reports and
 can copy it to a share or send it to a collector (/etc/default/ferret).
CONTROL
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  > "$pkg/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$pkg" "$deb" > /dev/null
echo "deb: $deb ($(du -h "$deb" | cut -f1), installs $(du -sh --exclude=DEBIAN "$pkg" | cut -f1))"
