package dev.ferret.respond.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The responder's store (--store DIR): evidence, quarantined files, backups of edited files, memory dumps, the
 * plans that were applied, the audit log and the undo journal. One directory, owned by root, mode 0700, meant
 * to live on the responder's kit rather than the suspect disk.
 * <pre>
 *   FERRET-STORE.txt    what this is and how to decode objects without ferret
 *   objects/SHA256.quarantine  content, stored once per hash, encoded (see {@link Codec}), mode 0400
 *   memory/             memory dumps (encoded) and their region indexes
 *   plans/RUN.json      each applied plan
 *   manifest.jsonl      one line per stored thing: evidence, quarantine, backup, memory; path, hashes, metadata
 *   undo.jsonl          one line per change that can be undone, in the order made
 *   undone.jsonl        the undo records already replayed
 *   audit.jsonl         every action: time, run, step, target, result, error
 * </pre>
 * Append-only journals are forced to disk line by line: a run that dies half-way leaves a usable record.
 */
public final class Store implements Closeable {
    static final String MARKER = "FERRET-STORE.txt";

    /** A stored content: its hashes, size and object file. */
    public record Stored(String sha256, String md5, long size, String object) {
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Store(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating when needed) a store. A directory that exists, is not empty and is not a ferret store is
     * refused: evidence must not be mixed into someone else's files.
     *
     * @throws IOException with a message for the responder
     */
    public static Store open(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(d + " exists and is not a directory");
            }
            if (!Files.exists(d.resolve(MARKER)) && !empty(d)) {
                throw new IOException(d + " is not empty and not a ferret store: give a new or empty directory");
            }
        } else {
            Files.createDirectories(d);
        }
        setMode(d, "rwx------");
        for (String sub : List.of("objects", "memory", "plans")) {
            Path s = Files.createDirectories(d.resolve(sub));
            setMode(s, "rwx------");
        }
        if (!Files.exists(d.resolve(MARKER))) {
            Files.writeString(d.resolve(MARKER), readme(), StandardCharsets.UTF_8);
        }
        FileChannel ch = FileChannel.open(d.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException("another ferret run is using the store " + d);
        }
        return new Store(d, ch, l);
    }

    /** True when {@code dir} holds a ferret store. */
    public static boolean isStore(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER));
    }

    private static boolean empty(Path d) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            return !s.iterator().hasNext();
        }
    }

    private static void setMode(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException | UnsupportedOperationException e) {
            // a kit on a FAT stick has no modes: the store still works
        }
    }

    public Path dir() {
        return dir;
    }

    // ------------------------------------------------------------------------------------------------ objects

    /** Stores the content of a regular file (read without following links), verifying the stored copy. */
    public Stored storeFile(Path real) throws IOException {
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return storeStream(in);
        }
    }

    public Stored storeBytes(byte[] content) throws IOException {
        return storeStream(new java.io.ByteArrayInputStream(content));
    }

    /** Stores a stream's content under its SHA-256 (once per hash), then reads it back to check it. */
    public Stored storeStream(InputStream in) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        Path temp = Files.createTempFile(dir.resolve("objects"), ".incoming-", ".tmp");
        long size = 0;
        try {
            try (OutputStream raw = Files.newOutputStream(temp, StandardOpenOption.WRITE);
                 OutputStream out = Codec.encoder(new java.io.BufferedOutputStream(raw, 1 << 16))) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md5.update(buf, 0, n);
                    sha256.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String sha = HexFormat.of().formatHex(sha256.digest());
            String object = objectName(sha);
            Path target = dir.resolve(object);
            if (Files.exists(target)) {
                Files.delete(temp);
            } else {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(temp);
                }
                setMode(target, "r--------");
            }
            String check = hash(sha);
            if (!check.equals(sha)) {
                throw new IOException("the stored copy " + target + " does not read back as " + sha);
            }
            return new Stored(sha, HexFormat.of().formatHex(md5.digest()), size, object);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public boolean hasObject(String sha256) {
        return Files.isRegularFile(dir.resolve(objectName(sha256)));
    }

    /** The decoded content of an object. */
    public InputStream openObject(String sha256) throws IOException {
        return Codec.decoder(new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(objectName(sha256))),
                1 << 16));
    }

    /** SHA-256 of an object's decoded content. */
    public String hash(String sha256) throws IOException {
        MessageDigest d = digest("SHA-256");
        try (InputStream in = openObject(sha256)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Where an object lives, relative to the store: objects/SHA256.quarantine. */
    public static String objectName(String sha256) {
        return "objects/" + sha256 + ".quarantine";
    }

    /** A new file under memory/ for a dump. */
    public Path memoryFile(String name) {
        return dir.resolve("memory").resolve(name);
    }

    static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------------------- journals

    public ObjectNode node() {
        return json.createObjectNode();
    }

    public ObjectMapper json() {
        return json;
    }

    public void manifest(ObjectNode entry) throws IOException {
        append("manifest.jsonl", entry);
    }

    public List<JsonNode> manifest() {
        return read("manifest.jsonl");
    }

    /** Appends an undo record and returns its id ("u1", "u2"...). */
    public synchronized String undo(ObjectNode record) throws IOException {
        String id = "u" + (read("undo.jsonl").size() + 1);
        ObjectNode r = json.createObjectNode();
        r.put("id", id);
        r.setAll(record);
        append("undo.jsonl", r);
        return id;
    }

    public List<JsonNode> undoRecords() {
        return read("undo.jsonl");
    }

    public Set<String> undone() {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : read("undone.jsonl")) {
            ids.add(n.path("id").asText());
        }
        return ids;
    }

    public void markUndone(String id, String run, String time) throws IOException {
        ObjectNode n = json.createObjectNode();
        n.put("id", id);
        n.put("run", run);
        n.put("@timestamp", time);
        append("undone.jsonl", n);
    }

    public void audit(ObjectNode entry) {
        try {
            append("audit.jsonl", entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log in " + dir, e);
        }
    }

    public List<JsonNode> audit() {
        return read("audit.jsonl");
    }

    public void savePlan(String run, JsonNode plan) throws IOException {
        Path p = dir.resolve("plans").resolve(run + ".json");
        Files.writeString(p, json.writerWithDefaultPrettyPrinter().writeValueAsString(plan), StandardCharsets.UTF_8);
    }

    private synchronized void append(String file, ObjectNode node) throws IOException {
        byte[] line = (json.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }

    private List<JsonNode> read(String file) {
        Path p = dir.resolve(file);
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        out.add(json.readTree(line));
                    } catch (IOException e) {
                        // a torn last line from a run that died: the rest still counts
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        return out;
    }

    private static String readme() {
        return """
                This directory is a ferret response store: evidence, quarantined files and the undo record of
                'ferret respond --apply'. Keep it; 'ferret undo --store DIR' puts everything back.

                manifest.jsonl  every stored item: original path, MD5/SHA-256, size, owner, mode, times
                audit.jsonl     every action taken, with its result
                undo.jsonl      what 'ferret undo' replays (undone.jsonl: what it already did)
                plans/          the plans that were applied
                objects/        file contents, named SHA-256.quarantine, ENCODED so they cannot run by accident:
                                an 8-byte header FERRETQ1, then the bytes XOR-ed with the key "ferret-quarantine".
                memory/         process memory dumps, encoded the same way, with a JSON index of regions

                Decode an object without ferret (for analysis, on an analysis machine):
                  %s
                """.formatted(Codec.pythonDecoder());
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    /** For streaming large dumps: a channel-backed encoder. */
    public static OutputStream encoder(Path file) throws IOException {
        return Codec.encoder(new java.io.BufferedOutputStream(Channels.newOutputStream(FileChannel.open(file,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), 1 << 16));
    }
}
