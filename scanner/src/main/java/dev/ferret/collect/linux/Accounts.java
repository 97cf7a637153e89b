package dev.ferret.collect.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** uid → user name from the scanned tree's /etc/passwd (no NSS lookups: they may hit the network). */
public final class Accounts {
    private final Map<Integer, String> names;

    private Accounts(Map<Integer, String> names) {
        this.names = names;
    }

    public static Accounts read(Path passwd) {
        Map<Integer, String> names = new HashMap<>();
        try {
            for (String line : ProcFiles.readRegular(passwd, 4 << 20).split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // malformed line: the uid stays numeric in reports
                    }
                }
            }
        } catch (IOException e) {
            // without passwd, users are reported by uid
        }
        return new Accounts(names);
    }

    public String name(int uid) {
        return names.getOrDefault(uid, Integer.toString(uid));
    }
}
