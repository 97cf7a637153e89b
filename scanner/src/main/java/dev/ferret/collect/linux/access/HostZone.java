package dev.ferret.collect.linux.access;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The scanned host's time zone (traditional syslog timestamps are local time without a zone): /etc/timezone, or the
 * zoneinfo name /etc/localtime links to, inside the scanned tree. A live scan falls back to the JVM's zone, an image
 * to UTC (with a coverage note).
 */
final class HostZone {
    private HostZone() {
    }

    static ZoneId of(AccessFiles files) {
        Optional<ZoneId> zone = files.read("/etc/timezone", 256).map(t -> t.content().strip())
                .flatMap(HostZone::parse);
        if (zone.isEmpty()) {
            zone = files.linkTarget("/etc/localtime").flatMap(target -> {
                int at = target.indexOf("zoneinfo/");
                return at < 0 ? Optional.empty() : parse(target.substring(at + "zoneinfo/".length()));
            });
        }
        if (zone.isPresent()) {
            return zone.get();
        }
        if (files.snapshot().live()) {
            return ZoneId.systemDefault();
        }
        files.snapshot().coverage().note("access: the image's time zone is unknown (no /etc/timezone, /etc/localtime is "
                + "not a zoneinfo link): syslog times are read as UTC");
        return ZoneOffset.UTC;
    }

    private static Optional<ZoneId> parse(String name) {
        if (name.isEmpty() || name.contains("..")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(name.startsWith("posix/") ? name.substring(6) : name));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
