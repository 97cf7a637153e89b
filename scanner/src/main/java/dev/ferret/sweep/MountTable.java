package dev.ferret.sweep;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running system's mounts, to keep the sweep out of pseudo and network filesystems (from
 * {@code detect/filesystems.txt}). Paths are where the mounts are readable now, so a mounted image's own
 * mounts under --root are recognised too.
 */
public final class MountTable {
    private final Map<String, String> skippedKindByMountPoint;

    private MountTable(Map<String, String> skipped) {
        this.skippedKindByMountPoint = skipped;
    }

    public static MountTable live() {
        Map<String, String> kinds = new HashMap<>();
        for (DataLine line : DataFileReader.readResource("ferret/signatures/detect/filesystems.txt")) {
            String[] f = line.text().split(";", 2);
            kinds.put(f[1].strip(), f[0].strip());
        }
        Map<String, String> skipped = new HashMap<>();
        try {
            for (String line : ProcFiles.read(Path.of("/proc/self/mounts")).split("\n")) {
                String[] f = line.split(" ");
                if (f.length >= 3 && kinds.containsKey(f[2])) {
                    skipped.put(unescape(f[1]), kinds.get(f[2]) + " filesystem " + f[2]);
                }
            }
        } catch (IOException e) {
            // no mount table (not Linux): nothing is known to skip
        }
        return new MountTable(skipped);
    }

    public static MountTable none() {
        return new MountTable(Map.of());
    }

    /** Why the directory is not entered ("network filesystem nfs4"), or null. */
    public String skipReason(Path directory) {
        return skippedKindByMountPoint.get(directory.toAbsolutePath().normalize().toString());
    }

    public List<String> skippedMountPoints() {
        return new ArrayList<>(skippedKindByMountPoint.keySet());
    }

    /** /proc/self/mounts escapes spaces and a few other characters as octal. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
