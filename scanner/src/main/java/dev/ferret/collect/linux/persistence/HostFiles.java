package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.linux.HostTree;
import dev.ferret.collect.linux.OddBytes;
import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.StuffedFile;
import dev.ferret.model.StuffedFiles;
import dev.ferret.os.linux.HostFileRead;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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

    /**
     * Text content of one file. {@code hostPath} is where it was asked for; {@code real} where it was read.
     * {@code binary} means a compiled program or a file that is mostly binary, not text with a few odd bytes in it
     * (those are parsed as text, as the daemon reading them does, and recorded as a {@link StuffedFile}).
     */
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
            HostFileRead.Content read = ProcFiles.readContent(real, MAX_FILE_BYTES);
            byte[] bytes = read.bytes();
            long size = read.attributes().size();
            Instant mtime = read.attributes().lastModifiedTime().toInstant();
            filesRead++;
            bytesRead += bytes.length;
            if (read.cutAtCap()) {
                gap("larger than " + (MAX_FILE_BYTES >> 20) + " MiB: only the start was read", hostPath);
            } else if (read.cutByTime()) {
                gap("read took longer than " + ProcFiles.READ_BUDGET_MILLIS / 1000 + " s: only the start was read",
                        hostPath);
            }
            OddBytes odd = OddBytes.of(bytes, bytes.length);
            boolean binary = OddBytes.elf(bytes, bytes.length);
            if (odd.any() && !binary) {
                // cron, systemd and sshd read past such bytes: the file is parsed all the same, and the stuffing
                // itself is reported
                StuffedFiles.of(snapshot()).add(new StuffedFile(hostPath, size, odd.count(), odd.nul(),
                        odd.firstOffset(), mtime));
            }
            String content = new String(bytes, StandardCharsets.UTF_8);
            if (!content.isEmpty() && !content.endsWith("\n")) {
                content = content + "\n";
            }
            return Optional.of(new Text(hostPath, real, content, mtime, binary, size));
        } catch (HostFileRead.NotRegularFileException e) {
            // swapped for a FIFO, socket or device after it was looked at: refused on the opened descriptor
            gap("not a regular file (FIFO, socket or device): not opened", hostPath);
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
