package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.HostTree;
import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * File access for the access collectors: the host tree ({@link HostTree}) plus file metadata, streams and capped
 * text reads. Only regular files are opened, never through a link, never a FIFO, socket or device. Nothing here
 * throws an I/O exception at its caller unless the method says so.
 */
final class AccessFiles extends HostTree {
    static final String AREA = AccessFacts.AREA;
    static final int MAX_DIR_ENTRIES = 10_000;

    /** Metadata of one file (no name lookups: uid stays numeric). */
    record Stat(long size, Instant mtime, Instant ctime, int uid, int mode, boolean regular, boolean directory,
                boolean link) {
        boolean executable() {
            return (mode & 0111) != 0;
        }
    }

    AccessFiles(Snapshot snapshot) {
        super(snapshot, AREA, MAX_DIR_ENTRIES);
    }

    void count(String counter, long amount) {
        snapshot().coverage().add(AREA, counter, amount);
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
     * Opens a regular file for reading without following a link or blocking: a file swapped for a FIFO after the
     * caller looked at it is refused on the opened descriptor.
     */
    static FileChannel open(Path real) throws IOException {
        return dev.ferret.os.linux.HostFileRead.openRegular(real);
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
            var read = ProcFiles.readContent(real.get(), cap);
            String content = new String(read.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean truncated = read.cut() || st != null && st.size() > cap;
            if (read.cutByTime()) {
                gap("read took longer than " + ProcFiles.READ_BUDGET_MILLIS / 1000 + " s: only its start was read",
                        hostPath);
            } else if (truncated) {
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
}
