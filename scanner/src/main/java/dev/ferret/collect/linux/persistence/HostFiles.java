package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.linux.HostTree;
import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * File access for the persistence collectors of one scan: the host tree ({@link HostTree}) plus bounded text reads.
 * Reads are capped per file and per collector; whatever cannot be read goes to the snapshot's coverage.
 * Nothing here throws an I/O exception at its caller.
 */
final class HostFiles extends HostTree {
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

    private final Set<Path> claimed = new HashSet<>();
    private long bytesRead;
    private int filesRead;

    HostFiles(Snapshot snapshot) {
        super(snapshot, AREA, MAX_DIR_ENTRIES);
    }

    /** Persistence gaps have always named the exception class as well as its message. */
    @Override
    protected String describe(Exception e) {
        return e.toString();
    }

    /** True the first time a real file is claimed by this collector (a file reached through two links is read once). */
    boolean claim(Path real) {
        return claimed.add(real);
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
        Optional<Path> found = regular(hostPath);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path real = found.get();
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
}
