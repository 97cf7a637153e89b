package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.DpkgDiversions;
import dev.ferret.collect.linux.dpkg.DpkgMd5sums;
import dev.ferret.collect.linux.persistence.RootedFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What dpkg installed in a set of directories: every path its {@code *.list} files name, the MD5 its
 * {@code *.md5sums} files record, and when each package was installed (its md5sums file's time). Paths are keyed by
 * their real location under the root, so {@code /bin/ls} and {@code /usr/bin/ls} meet on a merged-/usr system.
 * Only entries in the given directories are kept (the rest of the database is streamed past).
 */
final class DpkgDatabase {
    static final String INFO = Dpkg.INFO;
    private static final int MAX_ENTRIES = 2_000_000;

    /** The record of one file. */
    record Entry(String md5, String packageName) {
    }

    private final Map<String, Entry> md5 = new HashMap<>();
    private final Set<String> listed = new HashSet<>();
    private final Set<String> diverted = new HashSet<>();
    private final Map<String, Instant> installed = new HashMap<>();
    private final Map<String, Optional<String>> realDirs = new HashMap<>();
    private final Set<String> dirs;
    /** Last components of the directories, a cheap filter before resolving a path's parent under the root. */
    private final Set<String> dirNames = new HashSet<>();
    private final Path root;
    private int entries;

    private DpkgDatabase(Path root, Set<String> dirs) {
        this.root = root;
        this.dirs = dirs;
        dirs.forEach(d -> dirNames.add(AccessFiles.name(d)));
    }

    /** Reads the database under the root; empty when the host has none. */
    static Optional<DpkgDatabase> read(AccessFiles files, Set<String> realDirs) {
        if (!files.isDirectory(INFO)) {
            return Optional.empty();
        }
        DpkgDatabase db = new DpkgDatabase(files.root(), realDirs);
        for (String path : files.list(INFO)) {
            String name = AccessFiles.name(path);
            boolean sums = name.endsWith(".md5sums");
            if (!sums && !name.endsWith(".list")) {
                continue;
            }
            String pkg = Dpkg.packageOf(name);
            Optional<Path> real = files.regular(path);
            if (real.isEmpty()) {
                continue;
            }
            if (sums) {
                String p = pkg;
                AccessFiles.stat(real.get()).ifPresent(st -> db.installed.merge(p, st.mtime(),
                        (a, b) -> a.isAfter(b) ? a : b));
            }
            try {
                db.readList(real.get(), pkg, sums);
            } catch (IOException e) {
                files.gap("dpkg database file unreadable", path + ": " + e.getMessage());
            }
            if (db.entries >= MAX_ENTRIES) {
                files.gap("dpkg database larger than expected: the rest was not read", INFO);
                break;
            }
        }
        files.read(Dpkg.DIVERSIONS, 4 << 20).ifPresent(t -> {
            for (DpkgDiversions.Diversion d : DpkgDiversions.parse(t.lines())) {
                db.real(d.from()).ifPresent(db.diverted::add);
                db.real(d.to()).ifPresent(db.listed::add);
            }
        });
        return Optional.of(db);
    }

    private void readList(Path real, String pkg, boolean sums) throws IOException {
        try (FileChannel ch = AccessFiles.open(real);
             BufferedReader r = new BufferedReader(new InputStreamReader(AccessFiles.stream(ch), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (++entries > MAX_ENTRIES) {
                    return;
                }
                String path = line;
                String sum = null;
                if (sums) {
                    Optional<DpkgMd5sums.Line> rec = DpkgMd5sums.parse(line);
                    if (rec.isEmpty()) {
                        continue;
                    }
                    sum = rec.get().md5();
                    path = rec.get().path();
                }
                if (!path.startsWith("/")) {
                    continue;
                }
                Optional<String> host = real(path);
                if (host.isEmpty()) {
                    continue;
                }
                if (sum != null) {
                    md5.put(host.get(), new Entry(sum, pkg));
                } else {
                    listed.add(host.get());
                }
            }
        }
    }

    /** The real host path of a database path, when its directory is one of ours. */
    private Optional<String> real(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return Optional.empty();
        }
        String parent = path.substring(0, slash);
        if (!dirNames.contains(AccessFiles.name(parent))) {
            return Optional.empty(); // e.g. /usr/share/doc/x: cannot be one of ours, whatever links lie between
        }
        Optional<String> dir = realDirs.computeIfAbsent(parent, p -> {
            Path r = RootedFiles.locate(root, p);
            return r == null ? Optional.empty() : Optional.of(RootedFiles.hostPath(root, r));
        });
        return dir.filter(dirs::contains).map(d -> d + path.substring(slash));
    }

    /** The recorded checksum of a file (by real host path), when a package recorded one. */
    Optional<Entry> md5(String realHostPath) {
        return Optional.ofNullable(md5.get(realHostPath));
    }

    /** True when some package installed the path (or a diversion moved a package's file there). */
    boolean known(String realHostPath) {
        return listed.contains(realHostPath) || md5.containsKey(realHostPath);
    }

    boolean diverted(String realHostPath) {
        return diverted.contains(realHostPath);
    }

    /** When a package was installed or last upgraded (its md5sums file's modification time). */
    Optional<Instant> installed(String pkg) {
        return Optional.ofNullable(installed.get(pkg));
    }

    int size() {
        return md5.size();
    }
}
