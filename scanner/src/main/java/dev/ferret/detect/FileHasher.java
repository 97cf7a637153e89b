package dev.ferret.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MD5 and SHA-256 of regular files, both from one read, cached per path for the scan (several detectors
 * ask about the same executable). Never follows a symlink and never opens a FIFO or device.
 */
public final class FileHasher {
    /** Both digests of one file. */
    public record Hashes(long size, String md5, String sha256) {
    }

    private final long maxBytes;
    private final Map<Path, Optional<Hashes>> cache = new ConcurrentHashMap<>();

    public FileHasher(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Hashes of a regular file no larger than the limit; empty otherwise or when it cannot be read. */
    public Optional<Hashes> hash(Path file) {
        return cache.computeIfAbsent(file.toAbsolutePath().normalize(), this::compute);
    }

    /**
     * Hashes of a running process's executable through /proc/&lt;pid&gt;/exe, a link the kernel resolves to
     * the mapped file even after it was deleted from disk.
     */
    public Optional<Hashes> hashProcessImage(int pid) {
        return cache.computeIfAbsent(Path.of("/proc", Integer.toString(pid), "exe"), p -> compute(p, true));
    }

    /** The running image through /proc where there is one (Linux), else the executable's path (Windows). */
    public Optional<Hashes> hashProcessImage(int pid, String executable) {
        Optional<Hashes> image = hashProcessImage(pid);
        if (image.isPresent() || executable == null) {
            return image;
        }
        return hash(Path.of(executable));
    }

    private Optional<Hashes> compute(Path file) {
        return compute(file, false);
    }

    private Optional<Hashes> compute(Path file, boolean followLink) {
        LinkOption[] options = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            if (!Files.isRegularFile(file, options) || Files.size(file) > maxBytes) {
                return Optional.empty();
            }
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            // non-blocking, regular files only, checked on the descriptor: a file swapped for a FIFO never stalls
            try (InputStream in = java.nio.channels.Channels.newInputStream(
                    dev.ferret.os.linux.HostFileRead.openRegular(file, followLink))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md5.update(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                    size += n;
                }
            }
            HexFormat hex = HexFormat.of();
            return Optional.of(new Hashes(size, hex.formatHex(md5.digest()), hex.formatHex(sha256.digest())));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
