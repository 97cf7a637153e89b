package dev.ferret.yara;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One libyara scanner ({@code YR_SCANNER}) over a {@link YaraRules}: holds the per-scan state
 * (external variable values, timeout, flags, match callback), so it belongs to one thread at a
 * time. Reuse it for many scans; externals not given to a scan go back to their compile-time
 * values, so one file's {@code filename} never leaks into the next scan.
 *
 * <p>Only matching rules are reported ({@code SCAN_FLAGS_REPORT_RULES_MATCHING}). Files are read
 * into native memory and scanned as a buffer, never memory-mapped by libyara: a mapped file that
 * shrinks during the scan raises SIGBUS, and libyara's handler for it cannot coexist with the
 * JVM's signal handling (see {@link YaraLibrary#SCAN_FLAGS_NO_TRYCATCH}).
 */
public final class YaraScanner implements AutoCloseable {

    /** String matches kept per matching rule, to bound memory on pathological inputs. */
    public static final int MAX_STRING_MATCHES_PER_RULE = 16;
    /** Bytes of matched data kept per string match. */
    public static final int EXCERPT_BYTES = 64;
    /** Default cap for {@link #scanFile} and {@link #scanFd}, which read the whole file. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

    private final YaraRules rules;
    private final YaraLibrary lib;
    private final Pointer scanner;
    private final MatchReader reader;
    private final Lifetime lifetime;
    // Held in a field for as long as the native scanner may call it: JNA frees the native stub
    // of a callback once the Java object is collected.
    private final MatchCallback callback = new MatchCallback();
    private final Map<String, Object> currentExternals = new HashMap<>();
    private boolean fastMode;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private boolean scanning;

    YaraScanner(YaraRules rules) throws YaraException {
        rules.acquire();
        try {
            this.rules = rules;
            this.lib = rules.yara().lib();
            PointerByReference ref = new PointerByReference();
            int rc = lib.yr_scanner_create(rules.pointer(), ref);
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                throw YaraException.of(rc, "cannot create a libyara scanner");
            }
            this.scanner = ref.getValue();
        } catch (YaraException | RuntimeException e) {
            rules.release();
            throw e;
        }
        this.reader = new MatchReader(rules.yara().layout(), MAX_STRING_MATCHES_PER_RULE, EXCERPT_BYTES);
        this.lifetime = new Lifetime("YARA scanner", () -> {
            lib.yr_scanner_destroy(scanner);
            rules.release();
        });
        lib.yr_scanner_set_callback(scanner, callback, null);
        rules.declaredExternals().values().forEach(d -> currentExternals.put(d.name(), d.defaultValue()));
    }

    /** Fast mode: stop at the first match of each string (off by default). */
    public YaraScanner fastMode(boolean on) {
        this.fastMode = on;
        return this;
    }

    /** Largest file {@link #scanFile} / {@link #scanFd} will read. */
    public YaraScanner maxFileBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
        this.maxFileBytes = bytes;
        return this;
    }

    public List<YaraMatch> scanMemory(byte[] data, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        return scanMemory(data, 0, data.length, externals, timeoutSeconds);
    }

    public List<YaraMatch> scanMemory(byte[] data, int offset, int length, Map<String, ?> externals,
                                      int timeoutSeconds) throws YaraScanException {
        Objects.checkFromIndexSize(offset, length, data.length);
        try (Memory copy = new Memory(Math.max(1, length))) {
            copy.write(0, data, offset, length);
            return scanMemory(copy, length, externals, timeoutSeconds);
        }
    }

    /**
     * Scans the buffer's remaining bytes. A direct buffer (e.g. one the caller also hashes) is
     * scanned in place; a heap buffer is copied once.
     */
    public List<YaraMatch> scanMemory(ByteBuffer buffer, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        int length = buffer.remaining();
        if (!buffer.isDirect()) {
            byte[] copy = new byte[length];
            buffer.duplicate().get(copy);
            return scanMemory(copy, externals, timeoutSeconds);
        }
        try {
            Pointer base = Native.getDirectBufferPointer(buffer);
            return scanMemory(base.share(buffer.position()), length, externals, timeoutSeconds);
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    /** Scans {@code length} bytes at {@code address}; the caller keeps that memory alive. */
    public List<YaraMatch> scanMemory(Pointer address, long length, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return run("memory buffer", externals, timeoutSeconds,
                () -> lib.yr_scanner_scan_mem(scanner, address, length));
    }

    /**
     * Reads a regular file into native memory and scans it. Refuses FIFOs, devices and sockets
     * (opening one could block) and files over {@link #maxFileBytes(long)}.
     */
    public List<YaraMatch> scanFile(Path file, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        return scanPath(file, file.toString(), externals, timeoutSeconds);
    }

    /**
     * Scans the regular file open on descriptor {@code fd} (Linux and macOS: read through
     * {@code /proc/self/fd} or {@code /dev/fd}, from offset 0, without moving the descriptor's
     * own offset). The caller still owns and closes the descriptor.
     */
    public List<YaraMatch> scanFd(int fd, Map<String, ?> externals, int timeoutSeconds) throws YaraScanException {
        Path path;
        if (Platform.isLinux()) {
            path = Path.of("/proc/self/fd/" + fd);
        } else if (Platform.isMac()) {
            path = Path.of("/dev/fd/" + fd);
        } else {
            throw new UnsupportedOperationException("scanFd is only available on Linux and macOS");
        }
        return scanPath(path, "fd " + fd, externals, timeoutSeconds);
    }

    /**
     * Scans a live process's memory with libyara's own reader ({@code yr_scanner_scan_proc}). On
     * Linux, libyara 4.2 reads every readable mapping listed in /proc/PID/maps through
     * /proc/PID/mem (pread; the target is not stopped), so it needs ptrace read access to the
     * target. Offsets in the result are virtual addresses. ferret's memory collector reads
     * regions itself and uses {@link #scanMemory(Pointer, long, Map, int)} instead.
     */
    public List<YaraMatch> scanProcess(int pid, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        return run("process " + pid, externals, timeoutSeconds, () -> lib.yr_scanner_scan_proc(scanner, pid));
    }

    @Override
    public void close() {
        lifetime.close();
    }

    private List<YaraMatch> scanPath(Path path, String label, Map<String, ?> externals, int timeoutSeconds)
            throws YaraScanException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw ioFailure(label, e, YaraErrors.COULD_NOT_OPEN_FILE);
        }
        if (!attributes.isRegularFile()) {
            throw new YaraScanException(YaraErrors.COULD_NOT_OPEN_FILE,
                    "cannot scan " + label + ": not a regular file", List.of(), null);
        }
        if (attributes.size() > maxFileBytes) {
            throw new YaraScanException(YaraErrors.FILE_TOO_LARGE, "cannot scan " + label + ": "
                    + attributes.size() + " bytes exceeds the limit of " + maxFileBytes, List.of(), null);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             Memory memory = new Memory(Math.max(1, attributes.size()))) {
            long length = readFully(channel, memory, attributes.size());
            return run(label, externals, timeoutSeconds, () -> lib.yr_scanner_scan_mem(scanner, memory, length));
        } catch (IOException e) {
            throw ioFailure(label, e, YaraErrors.COULD_NOT_READ_FILE);
        }
    }

    /** Reads up to {@code size} bytes (the size when opened: a growing file is cut there). */
    private static long readFully(FileChannel channel, Memory memory, long size) throws IOException {
        long done = 0;
        while (done < size) {
            ByteBuffer window = memory.getByteBuffer(done, Math.min(size - done, 1 << 30));
            while (window.hasRemaining()) {
                if (channel.read(window) < 0) {
                    return done + window.position();
                }
            }
            done += window.position();
        }
        return done;
    }

    private static YaraScanException ioFailure(String label, IOException e, int code) {
        int actual = e instanceof NoSuchFileException || e instanceof AccessDeniedException
                ? YaraErrors.COULD_NOT_OPEN_FILE : code;
        return new YaraScanException(actual, "cannot scan " + label + ": " + YaraErrors.name(actual)
                + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", List.of(), e);
    }

    @FunctionalInterface
    private interface NativeScan {
        int run();
    }

    private List<YaraMatch> run(String target, Map<String, ?> externals, int timeoutSeconds, NativeScan scan)
            throws YaraScanException {
        lifetime.checkOpen();
        if (scanning) {
            throw new IllegalStateException("YaraScanner is not reentrant; use one scanner per thread");
        }
        scanning = true;
        try {
            applyExternals(externals, target);
            lib.yr_scanner_set_timeout(scanner, Math.max(0, timeoutSeconds));
            lib.yr_scanner_set_flags(scanner, YaraLibrary.SCAN_FLAGS_REPORT_RULES_MATCHING
                    | YaraLibrary.SCAN_FLAGS_NO_TRYCATCH | (fastMode ? YaraLibrary.SCAN_FLAGS_FAST_MODE : 0));
            callback.begin();
            int rc = scan.run();
            Reference.reachabilityFence(callback);
            List<YaraMatch> matches = callback.matches;
            Throwable failure = callback.failure;
            callback.end();
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                String detail = failure == null ? "" : " (" + failure + ")";
                throw new YaraScanException(rc, "scan of " + target + " failed: " + YaraErrors.name(rc) + detail,
                        matches, failure);
            }
            return matches;
        } finally {
            scanning = false;
        }
    }

    /** Sets every declared external: the caller's value, or back to the compile-time value. */
    private void applyExternals(Map<String, ?> given, String target) throws YaraScanException {
        for (Externals.Declared declared : rules.declaredExternals().values()) {
            Object wanted = given != null && given.containsKey(declared.name())
                    ? Externals.convert(declared, given.get(declared.name()))
                    : declared.defaultValue();
            if (Objects.equals(currentExternals.get(declared.name()), wanted)) {
                continue;
            }
            int rc = Externals.defineOnScanner(lib, scanner, declared.name(), wanted);
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                currentExternals.remove(declared.name());
                throw new YaraScanException(rc, "scan of " + target + ": cannot set external " + declared.name()
                        + ": " + YaraErrors.name(rc), List.of(), null);
            }
            currentExternals.put(declared.name(), wanted);
        }
    }

    /** Collects matching rules; runs on the scanning thread, inside the libyara call. */
    private final class MatchCallback implements YaraLibrary.ScanCallback {
        private List<YaraMatch> matches = new ArrayList<>();
        private Throwable failure;

        void begin() {
            matches = new ArrayList<>();
            failure = null;
        }

        void end() {
            matches = new ArrayList<>();
            failure = null;
        }

        @Override
        public int invoke(Pointer context, int message, Pointer messageData, Pointer userData) {
            if (message != YaraLibrary.CALLBACK_MSG_RULE_MATCHING) {
                // Too-many-matches, module import and console messages: nothing to do; libyara
                // itself stops recording a string that exceeds its match limit.
                return YaraLibrary.CALLBACK_CONTINUE;
            }
            try {
                matches.add(reader.read(context, messageData));
                return YaraLibrary.CALLBACK_CONTINUE;
            } catch (Throwable t) {
                // An exception must not unwind through libyara's frames: stop the scan instead.
                failure = t;
                return YaraLibrary.CALLBACK_ERROR;
            }
        }
    }
}
