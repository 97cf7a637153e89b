package dev.ferret.collect.linux.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Home directories of the scanned host's accounts: from its own /etc/passwd (never NSS: it may hit the
 * network or describe the live host instead of an image), plus /root and every directory in /home (accounts
 * from LDAP or a deleted passwd line still leave their dot files behind).
 */
final class Homes {
    /** One account's home directory. */
    record Home(String user, String dir) {
    }

    static final int MAX_ACCOUNTS = 10_000;

    private Homes() {
    }

    static List<Home> of(HostFiles files) {
        Map<String, Home> byDir = new LinkedHashMap<>();
        byDir.put("/root", new Home("root", "/root"));
        files.read("/etc/passwd").ifPresent(text -> {
            int n = 0;
            for (String line : text.content().split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length < 7 || f[0].isBlank() || f[0].startsWith("#")) {
                    continue;
                }
                if (++n > MAX_ACCOUNTS) {
                    files.gap("too many accounts; the rest was skipped", "/etc/passwd");
                    break;
                }
                String dir = f[5].strip();
                if (!dir.startsWith("/") || dir.equals("/") || dir.equals("/nonexistent")
                        || dir.startsWith("/dev") || dir.startsWith("/proc")) {
                    continue;
                }
                String normal = dir.replaceAll("/+$", "");
                byDir.putIfAbsent(normal, new Home(f[0], normal));
            }
        });
        for (String dir : files.list("/home")) {
            if (files.isDirectory(dir)) {
                byDir.putIfAbsent(dir, new Home(HostFiles.name(dir), dir));
            }
        }
        return new ArrayList<>(byDir.values());
    }
}
