package dev.ferret.collect.linux.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts and home directories of the scanned host, from its own /etc/passwd (never NSS), plus /root and every
 * directory in /home (accounts from LDAP or a deleted passwd line still leave their files behind).
 */
final class Users {
    static final int MAX_ACCOUNTS = 10_000;

    /** One account; uid is -1 for a home directory without a passwd line. */
    record Account(String name, int uid, String home, String shell) {
    }

    private final List<Account> accounts;

    private Users(List<Account> accounts) {
        this.accounts = accounts;
    }

    static Users of(AccessFiles files) {
        List<Account> list = new ArrayList<>();
        files.read("/etc/passwd", 4 << 20).ifPresent(text -> {
            for (String line : text.content().split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length < 7 || f[0].isBlank() || f[0].startsWith("#")) {
                    continue;
                }
                if (list.size() >= MAX_ACCOUNTS) {
                    files.gap("too many accounts; the rest was skipped", "/etc/passwd");
                    break;
                }
                int uid;
                try {
                    uid = Integer.parseInt(f[2].strip());
                } catch (NumberFormatException e) {
                    continue;
                }
                list.add(new Account(f[0], uid, f[5].strip().replaceAll("/+$", ""), f[6].strip()));
            }
        });
        return new Users(list);
    }

    List<Account> accounts() {
        return accounts;
    }

    String name(int uid) {
        for (Account a : accounts) {
            if (a.uid() == uid) {
                return a.name();
            }
        }
        return Integer.toString(uid);
    }

    /** Home directories worth looking into: user → dir, /root first, then passwd homes, then /home/*. */
    Map<String, String> homes(AccessFiles files) {
        Map<String, String> byDir = new LinkedHashMap<>();
        byDir.put("/root", "root");
        for (Account a : accounts) {
            String dir = a.home();
            if (!dir.startsWith("/") || dir.isEmpty() || dir.equals("/") || dir.equals("/nonexistent")
                    || dir.startsWith("/dev") || dir.startsWith("/proc") || dir.startsWith("/sys")) {
                continue;
            }
            byDir.putIfAbsent(dir, a.name());
        }
        for (String dir : files.list("/home")) {
            if (files.isDirectory(dir)) {
                byDir.putIfAbsent(dir, AccessFiles.name(dir));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        byDir.forEach((dir, user) -> out.put(dir, user));
        return out;
    }
}
