package dev.ferret.collect.linux.dpkg;

import dev.ferret.model.Snapshot;
import dev.ferret.os.linux.HostFileRead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the package database says each packaged file should be (path → MD5), read once per scan and shared by
 * the sweep (which skips YARA for files whose content is what the package shipped) and the detectors that ask
 * whether a file is packaged. Absent when the scanned tree has no dpkg database: ownership is
 * then unknown, never "unowned".
 */
public final class PackagedFiles {
    private final Map<String, String> md5ByPath;

    private PackagedFiles(Map<String, String> md5ByPath) {
        this.md5ByPath = md5ByPath;
    }

    /** The scan's package index, read on first use; empty when the tree has no readable dpkg database. */
    public static Optional<PackagedFiles> of(Snapshot snapshot) {
        PackagedFiles index = snapshot.extension(PackagedFiles.class, () -> read(snapshot));
        return index.md5ByPath == null ? Optional.empty() : Optional.of(index);
    }

    private static PackagedFiles read(Snapshot snapshot) {
        if (!Files.isDirectory(snapshot.hostPath("/var/lib/dpkg/info"), LinkOption.NOFOLLOW_LINKS)) {
            return new PackagedFiles(null);
        }
        Map<String, String> map = new HashMap<>();
        try {
            for (String bad : DpkgMd5sums.readAll(snapshot.root(), (pkg, path, md5) -> map.put(path, md5))) {
                snapshot.coverage().gap("files", "package file list unreadable", bad);
            }
        } catch (IOException e) {
            snapshot.coverage().gap("files", "dpkg database unreadable: package ownership unknown", e.getMessage());
            return new PackagedFiles(null);
        }
        diversions(snapshot, map);
        return new PackagedFiles(map);
    }

    /**
     * dpkg-divert moves a package's file aside (/usr/bin/pg_config to /usr/bin/pg_config.libpq-dev): the new path
     * holds the package's bytes. The list is three lines per diversion: from, to, package.
     */
    private static void diversions(Snapshot snapshot, Map<String, String> map) {
        try {
            byte[] raw = HostFileRead.read(snapshot.hostPath("/var/lib/dpkg/diversions"), 1 << 20, 500).bytes();
            String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i + 2 < lines.length; i += 3) {
                String from = lines[i];
                String to = lines[i + 1];
                if (from.startsWith("/") && to.startsWith("/")) {
                    map.putIfAbsent(to, map.getOrDefault(from, ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no diversions (the usual case), or unreadable: the moved files then count as unowned
        }
    }

    public boolean owns(String path) {
        return md5ByPath.containsKey(path);
    }

    /** Every packaged path with its recorded MD5. */
    public Map<String, String> md5ByPath() {
        return md5ByPath;
    }
}
