package dev.ferret.collect.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads procfs/sysfs-style files. They report a size of 0, so size-based helpers (Files.readString,
 * Files.readAllBytes) can return truncated content: always read as a stream, with a cap.
 */
public final class ProcFiles {
    private static final int DEFAULT_CAP = 4 << 20;

    private ProcFiles() {
    }

    public static byte[] readBytes(Path file, int cap) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(cap);
        }
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
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        return new String(readBytes(file, cap), StandardCharsets.UTF_8);
    }
}
