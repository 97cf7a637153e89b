package dev.ferret.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.Coverage;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.SignatureMatch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sweep results keyed by device, inode, size, mtime and ctime, valid for one rule-set fingerprint: an
 * unchanged file is not read again on the next sweep. Only used when the user names a cache file (a scan
 * writes nothing on the host unless told), and never with --paranoid: a rootkit can restore timestamps.
 */
public final class ResultCache {
    private static final String HEADER = "ferret-sweep-cache 1 ";

    /** One cached result; the path is kept to tell hard links apart from renames. */
    record Entry(String key, String path, long size, long mtimeMillis, String md5, String sha1, String sha256,
                 List<SignatureMatch> matches, String yaraSkipped) {
    }

    private final Path file;
    private final String fingerprint;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Entry> previous = new ConcurrentHashMap<>();
    private final Map<String, Entry> current = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private ResultCache(Path file, String fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** Opens the cache; a missing, foreign or stale (other rules) file simply starts empty. */
    public static ResultCache open(Path file, String fingerprint, Coverage coverage) {
        ResultCache cache = new ResultCache(file, fingerprint);
        if (!Files.isRegularFile(file)) {
            return cache;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.equals(HEADER + fingerprint)) {
                coverage.note("sweep cache " + file + " was made with other rules: not used");
                return cache;
            }
            for (String line; (line = r.readLine()) != null; ) {
                Entry e = cache.json.readValue(line, Entry.class);
                cache.previous.put(e.key(), e);
            }
        } catch (IOException | RuntimeException e) {
            coverage.note("sweep cache " + file + " unreadable (" + e.getClass().getSimpleName() + "): not used");
            cache.previous.clear();
        }
        return cache;
    }

    /** The identity of a file's content as the filesystem tells it, or null when it cannot be read. */
    static String key(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime",
                    LinkOption.NOFOLLOW_LINKS);
            return a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":"
                    + nanos((FileTime) a.get("lastModifiedTime")) + ":" + nanos((FileTime) a.get("ctime"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** A previous result for this exact file, re-labelled with its current path. */
    ScannedFile lookup(String key, String hostPath) {
        Entry e = key == null ? null : previous.get(key);
        if (e == null) {
            return null;
        }
        current.put(key, e);
        return new ScannedFile(hostPath, e.size(), Instant.ofEpochMilli(e.mtimeMillis()), e.md5(), e.sha1(),
                e.sha256(), e.matches(), e.yaraSkipped());
    }

    void store(String key, ScannedFile f) {
        changed = true;
        if (key != null) {
            current.put(key, new Entry(key, f.path(), f.size(), f.mtime().toEpochMilli(), f.md5(), f.sha1(),
                    f.sha256(), f.matches(), f.yaraSkipped()));
        }
    }

    /**
     * Writes this sweep's results (and earlier ones for files not visited this time), atomically; nothing
     * when every result came from the file as it was (an unchanged re-sweep rewrites nothing).
     */
    public void save() throws IOException {
        if (!changed && current.size() == previous.size() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        previous.forEach(current::putIfAbsent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER + fingerprint);
            w.newLine();
            for (Entry e : current.values()) {
                w.write(json.writeValueAsString(e));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
