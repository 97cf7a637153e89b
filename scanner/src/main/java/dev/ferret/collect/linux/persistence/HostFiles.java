package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * File access for the persistence collectors of one scan: every path is a path <em>as on the scanned host</em>
 * ("/etc/cron.d/x"), looked up under the snapshot's root with every symlink — in the last component or in a
 * parent directory — resolved inside the root, so a mounted image's absolute links never lead to the live host.
 * Reads are capped per file and per collector; whatever cannot be read goes to the snapshot's coverage.
 * Nothing here throws an I/O exception at its caller.
 */
final class HostFiles {
    static final String AREA = "persistence";
    /** Largest file read whole; longer files are read up to this size and the truncation is recorded. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Bytes one collector reads in total (a hostile tree must not exhaust the scanner's memory). */
    static final long MAX_TOTAL_BYTES = 64L << 20;
    /** Entries looked at per directory. */
    static final int MAX_DIR_ENTRIES = 4096;
    /** Files looked at by one collector. */
    static final int MAX_FILES = 20_000;

    /** Text content of one file. {@code hostPath} is where it was asked for; {@code real} where it was read. */
    record Text(String hostPath, Path real, String content, Instant mtime, boolean binary, long size) {
        /** The lines, numbered from 1 by their index + 1. */
        List<String> lines() {
            return List.of(content.split("\n", -1));
        }
    }

    private static final Map<Snapshot, Set<String>> REPORTED = new WeakHashMap<>();

    private final Snapshot snapshot;
    private final Path root;
    private final Set<Path> claimed = new HashSet<>();
    private long bytesRead;
    private int filesRead;

    HostFiles(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.root = snapshot.root().toAbsolutePath().normalize();
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Records a gap once per snapshot: several collectors read the same files (every one reads /etc/passwd, the
     * supervisord collector scans cron and profile files for launchers), and one unreadable file is one gap.
     */
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

    /** Where a host path lives under the root (links resolved inside it); empty when it does not exist. */
    Optional<Path> resolve(String hostPath) {
        RootedFiles.Resolution r = RootedFiles.resolve(root, hostPath);
        switch (r.status()) {
            case FOUND:
                return Optional.of(r.path());
            case LOOP:
                gap("symlink loop or too many links", hostPath);
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** The host path of a location under the root ("/" + its path relative to the root). */
    String hostPathOf(Path real) {
        return RootedFiles.hostPath(root, real);
    }

    /** True the first time a real file is claimed by this collector (a file reached through two links is read once). */
    boolean claim(Path real) {
        return claimed.add(real);
    }

    /** The raw target of {@code hostPath} when it is itself a symlink (its parents resolved inside the root). */
    Optional<String> linkTarget(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
        Optional<Path> dir = resolve(parent);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path link = dir.get().resolve(hostPath.substring(slash + 1));
        try {
            return Files.isSymbolicLink(link) ? Optional.of(Files.readSymbolicLink(link).toString()) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    boolean isDirectory(String hostPath) {
        return resolve(hostPath).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    /**
     * The children of a directory as host paths ({@code dir + "/" + name}), sorted by name; empty when the
     * directory does not exist. Unreadable directories and overlong listings are recorded in coverage.
     */
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
            gap("directory unreadable", hostDir + ": " + e);
        }
        names.sort(null);
        String prefix = hostDir.endsWith("/") ? hostDir : hostDir + "/";
        return names.stream().map(n -> prefix + n).toList();
    }

    /**
     * Files (not directories) under a directory, as host paths, descending at most {@code depth} levels into
     * real subdirectories (symlinked directories are not descended: they would lead elsewhere in the tree).
     */
    List<String> walk(String hostDir, int depth) {
        List<String> out = new ArrayList<>();
        walk(hostDir, depth, out);
        return out;
    }

    private void walk(String hostDir, int depth, List<String> out) {
        for (String child : list(hostDir)) {
            if (out.size() >= MAX_FILES) {
                gap("too many files; the rest was skipped", hostDir);
                return;
            }
            if (linkTarget(child).isEmpty() && isDirectory(child)) {
                if (depth > 0) {
                    walk(child, depth - 1, out);
                }
            } else {
                out.add(child);
            }
        }
    }

    /**
     * Reads a regular file as text. Empty, silently, when it does not exist or is a directory; empty with a
     * coverage gap when it cannot be read (permission denied, a FIFO or device, a link loop, the byte budget).
     * Content longer than the cap is truncated (and the truncation recorded). Script content always ends
     * with a newline, so a multi-line command in a {@link dev.ferret.model.PersistenceEntry} means "the
     * whole file".
     */
    Optional<Text> read(String hostPath) {
        Optional<Path> found = resolve(hostPath);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path real = found.get();
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            gap("not a regular file (FIFO, socket or device): not opened", hostPath);
            return Optional.empty();
        }
        if (bytesRead >= MAX_TOTAL_BYTES || filesRead >= MAX_FILES) {
            gap("read budget of the collector exhausted", hostPath);
            return Optional.empty();
        }
        try {
            long size = Files.size(real);
            Instant mtime = Files.getLastModifiedTime(real, LinkOption.NOFOLLOW_LINKS).toInstant();
            String content = ProcFiles.readRegular(real, MAX_FILE_BYTES);
            filesRead++;
            bytesRead += content.length();
            if (size > MAX_FILE_BYTES) {
                gap("larger than " + (MAX_FILE_BYTES >> 20) + " MiB: only the start was read", hostPath);
            }
            boolean binary = content.indexOf('\0') >= 0;
            if (!content.isEmpty() && !content.endsWith("\n")) {
                content = content + "\n";
            }
            return Optional.of(new Text(hostPath, real, content, mtime, binary, size));
        } catch (AccessDeniedException e) {
            gap("permission denied", hostPath);
        } catch (IOException | SecurityException e) {
            gap("read error", hostPath + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** True when a line is a comment or blank in shell-like syntax. */
    static boolean inert(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    /** True when some line of the text is neither blank nor a comment. */
    static boolean hasEffectiveLines(String content) {
        for (String line : content.split("\n")) {
            if (!inert(line)) {
                return true;
            }
        }
        return false;
    }

    /** The last component of a host path. */
    static String name(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash >= 0 ? hostPath.substring(slash + 1) : hostPath;
    }

    /** The directory of a host path. */
    static String parent(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash <= 0 ? "/" : hostPath.substring(0, slash);
    }
}
