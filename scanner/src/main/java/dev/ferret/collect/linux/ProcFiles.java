package dev.ferret.collect.linux;

import dev.ferret.os.linux.HostFileRead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads procfs/sysfs-style files and small files of the scanned tree. Procfs files report a size of 0, so
 * size-based helpers (Files.readString, Files.readAllBytes) can return truncated content: always read as a stream,
 * with a cap. Every read goes through {@link HostFileRead}: non-blocking, no-follow, the type checked on the opened
 * descriptor, bounded in bytes and time.
 */
public final class ProcFiles {
    private static final int DEFAULT_CAP = 4 << 20;
    /** Time one file read may take (a FUSE or network file that stalls must not stall the scan). */
    public static final long READ_BUDGET_MILLIS = 10_000;

    private ProcFiles() {
    }

    public static byte[] readBytes(Path file, int cap) throws IOException {
        return HostFileRead.read(file, cap, READ_BUDGET_MILLIS).bytes();
    }

    /** The bytes, the attributes of the opened file and whether the read was cut (cap or time). */
    public static HostFileRead.Content readContent(Path file, long cap) throws IOException {
        return HostFileRead.read(file, cap, READ_BUDGET_MILLIS);
    }

    public static String read(Path file) throws IOException {
        return new String(readBytes(file, DEFAULT_CAP), StandardCharsets.UTF_8);
    }

    /**
     * Reads a regular text file of the scanned tree with a cap, refusing FIFOs, devices, sockets and symlinks
     * (a link in a mounted image must be resolved against the image root, not the live host: see
     * {@code persistence.RootedFiles}).
     */
    public static String readRegular(Path file, int cap) throws IOException {
        return new String(readBytes(file, cap), StandardCharsets.UTF_8);
    }
}
