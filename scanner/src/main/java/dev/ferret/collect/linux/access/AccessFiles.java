package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * File access for the access collectors: paths are host paths ("/var/log/auth.log") resolved under the snapshot's
 * root with every symlink resolved inside it ({@link RootedFiles}); only regular files are opened, never through a
 * link, never a FIFO, socket or device; reads are capped. What cannot be read becomes a coverage gap (once per
 * snapshot). Nothing here throws an I/O exception at its caller unless the method says so.
 */
final class AccessFiles {
    static final String AREA = AccessFacts.AREA;
    static final int MAX_DIR_ENTRIES = 10_000;
    private static final Map<Snapshot, Set<String>> REPORTED = new WeakHashMap<>();

    /** Metadata of one file (no name lookups: uid stays numeric). */
    record Stat(long size, Instant mtime, Instant ctime, int uid, int mode, boolean regular, boolean directory,
                boolean link) {
        boolean executable() {
            return (mode & 0111) != 0;
        }
    }

    private final Snapshot snapshot;
    private final Path root;

    AccessFiles(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.root = snapshot.root().toAbsolutePath().normalize();
    }

    Snapshot snapshot() {
        return snapshot;
    }

    Path root() {
        return root;
    }

    /** A coverage gap, recorded once per snapshot for the same reason and subject. */
    void gap(String reason, String subject) {
        Set<String> seen;
        synchronized (REPORTED) {
            seen = REPORTED.computeIfAbsent(snapshot, k -> new HashSet<>());
        }
        synchronized (seen) {
            if (!seen.add(reason + "\u0000" + subject)) {
                return;
            }
        }
        snapshot.coverage().gap(AREA, reason, subject);
    }

    void count(String counter, long amount) {
        snapshot.coverage().add(AREA, counter, amount);
    }

    /** Where a host path lives under the root, links resolved inside it; empty when missing or masked. */
    Optional<Path> resolve(String hostPath) {
        RootedFiles.Resolution r = RootedFiles.resolve(root, hostPath);
        if (r.status() == RootedFiles.Status.LOOP) {
            gap("symlink loop or too many links", hostPath);
        }
        return r.status() == RootedFiles.Status.FOUND ? Optional.of(r.path()) : Optional.empty();
    }

    String hostPathOf(Path real) {
        return RootedFiles.hostPath(root, real);
    }

    /** The raw target when the host path itself is a symlink (its parents resolved inside the root). */
    Optional<String> linkTarget(String hostPath) {
        Optional<Path> link = unresolved(hostPath);
        try {
            return link.isPresent() && Files.isSymbolicLink(link.get())
                    ? Optional.of(Files.readSymbolicLink(link.get()).toString()) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The path of the last component itself (not followed), its parent directory resolved inside the root. */
    Optional<Path> unresolved(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
        return resolve(parent).map(dir -> dir.resolve(hostPath.substring(slash + 1)));
    }

    boolean isDirectory(String hostPath) {
        return resolve(hostPath).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    /** Children of a directory as host paths, sorted; empty when it does not exist. */
    List<String> list(String hostDir) {
        Optional<Path> dir = resolve(hostDir);
        if (dir.isEmpty() || !Files.isDirectory(dir.get(), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.get())) {
            for (Path child : s) {
                if (names.size() >= MAX_DIR_ENTRIES) {
                    gap("directory has more than " + MAX_DIR_ENTRIES + " entries; the rest was skipped", hostDir);
                    break;
                }
                names.add(child.getFileName().toString());
            }
        } catch (AccessDeniedException e) {
            gap("permission denied", hostDir);
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            gap("directory unreadable", hostDir + ": " + e.getMessage());
        }
        names.sort(null);
        String prefix = hostDir.endsWith("/") ? hostDir : hostDir + "/";
        return names.stream().map(n -> prefix + n).toList();
    }

    /** Metadata of a real path (not followed). */
    static Optional<Stat> stat(Path real) {
        try {
            Map<String, Object> a = Files.readAttributes(real, "unix:size,lastModifiedTime,ctime,uid,mode,isRegularFile,"
                    + "isDirectory,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stat((Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).toInstant(),
                    ((FileTime) a.get("ctime")).toInstant(), (Integer) a.get("uid"), (Integer) a.get("mode"),
                    (Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"), (Boolean) a.get("isSymbolicLink")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                var b = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return Optional.of(new Stat(b.size(), b.lastModifiedTime().toInstant(), null, -1, 0, b.isRegularFile(),
                        b.isDirectory(), b.isSymbolicLink()));
            } catch (IOException | SecurityException e2) {
                return Optional.empty();
            }
        } catch (IOException | SecurityException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * The real path of a regular file, for opening; empty (silently) when it does not exist, empty with a gap when it
     * is a FIFO, socket or device.
     */
    Optional<Path> regular(String hostPath) {
        Optional<Path> found = resolve(hostPath);
        if (found.isEmpty() || Files.isDirectory(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            gap("not a regular file (FIFO, socket or device): not opened", hostPath);
            return Optional.empty();
        }
        return found;
    }

    /** Opens a regular file for reading without following a link; the caller checked it is regular. */
    static FileChannel open(Path real) throws IOException {
        return FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    static InputStream stream(FileChannel channel) {
        return Channels.newInputStream(channel);
    }

    /** A text file read whole up to {@code cap} bytes. */
    record Text(String hostPath, Path real, String content, Stat stat, boolean truncated) {
        List<String> lines() {
            return List.of(content.split("\n", -1));
        }
    }

    /** Reads a regular text file up to {@code cap} bytes (a gap says when it was longer). */
    Optional<Text> read(String hostPath, int cap) {
        Optional<Path> real = regular(hostPath);
        if (real.isEmpty()) {
            return Optional.empty();
        }
        try {
            Stat st = stat(real.get()).orElse(null);
            String content = ProcFiles.readRegular(real.get(), cap);
            boolean truncated = st != null && st.size() > cap;
            if (truncated) {
                gap("file larger than the read cap: only its start was read", hostPath);
            }
            return Optional.of(new Text(hostPath, real.get(), content, st, truncated));
        } catch (AccessDeniedException e) {
            gap("permission denied", hostPath);
        } catch (IOException | SecurityException e) {
            gap("read error", hostPath + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    static String name(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash >= 0 ? hostPath.substring(slash + 1) : hostPath;
    }
}
