package dev.ferret.collect.linux;

import dev.ferret.model.MemoryMapping;

import java.util.ArrayList;
import java.util.List;

/** Parses /proc/&lt;pid&gt;/maps: {@code start-end perms offset dev inode [path]}. */
public final class MapsParser {
    private static final String DELETED = " (deleted)";

    private MapsParser() {
    }

    public static List<MemoryMapping> parse(String text) {
        List<MemoryMapping> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            MemoryMapping m = parseLine(line);
            if (m != null) {
                result.add(m);
            }
        }
        return result;
    }

    static MemoryMapping parseLine(String line) {
        String[] f = line.strip().split("\\s+", 6);
        if (f.length < 5) {
            return null;
        }
        int dash = f[0].indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            long offset = Long.parseUnsignedLong(f[2], 16);
            long inode = Long.parseLong(f[4]);
            String path = f.length > 5 ? f[5] : null;
            boolean deleted = false;
            if (path != null && path.endsWith(DELETED)) {
                path = path.substring(0, path.length() - DELETED.length());
                deleted = true;
            }
            return new MemoryMapping(start, end, f[1], offset, inode, path, deleted);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
