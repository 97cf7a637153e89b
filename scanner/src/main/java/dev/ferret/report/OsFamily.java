package dev.ferret.report;

import dev.ferret.model.HostInfo;

import java.util.Locale;
import java.util.Optional;

/** ECS's host.os.type (linux, windows) and host.os.family (the distribution family: debian, redhat...). */
final class OsFamily {
    private OsFamily() {
    }

    static String type(HostInfo host) {
        String f = host.osFamily() == null ? "" : host.osFamily().toLowerCase(Locale.ROOT);
        return f.startsWith("windows") ? "windows" : "linux";
    }

    static Optional<String> family(HostInfo host) {
        if (type(host).equals("windows")) {
            return Optional.of("windows");
        }
        String name = host.osName() == null ? "" : host.osName().toLowerCase(Locale.ROOT);
        String[][] families = {
            {"debian", "debian"}, {"ubuntu", "debian"}, {"mint", "debian"}, {"kali", "debian"},
            {"raspbian", "debian"}, {"centos", "redhat"}, {"red hat", "redhat"}, {"rhel", "redhat"},
            {"fedora", "redhat"}, {"rocky", "redhat"}, {"alma", "redhat"}, {"oracle", "redhat"},
            {"amazon", "redhat"}, {"suse", "suse"}, {"arch", "arch"}, {"alpine", "alpine"}, {"gentoo", "gentoo"}};
        for (String[] f : families) {
            if (name.contains(f[0])) {
                return Optional.of(f[1]);
            }
        }
        return Optional.empty();
    }
}
