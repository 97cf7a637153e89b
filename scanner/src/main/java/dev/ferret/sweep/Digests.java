package dev.ferret.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5, SHA-256 and (when an IOC list needs it) SHA-1 of one content, computed side by side. A direct buffer
 * is copied once per 64 KiB slice into a heap array that every digest then reads while it is still in cache
 * (the JDK's own path would copy it once per digest, 4 KiB at a time); the digests themselves run the JDK's
 * intrinsics on that array.
 */
final class Digests {
    private static final int SLICE = 64 << 10;
    private final MessageDigest md5;
    private final MessageDigest sha256;
    private final MessageDigest sha1;
    private final byte[] slice = new byte[SLICE];

    /** Hex digests; sha1 is null when not asked for, all are null when hashing is off. */
    record Result(String md5, String sha1, String sha256) {
    }

    /** @param enabled false: no digest at all (results are null), to measure YARA alone */
    Digests(boolean enabled, boolean withSha1) {
        this.md5 = enabled ? get("MD5") : null;
        this.sha256 = enabled ? get("SHA-256") : null;
        this.sha1 = enabled && withSha1 ? get("SHA-1") : null;
    }

    Result of(ByteBuffer content) {
        update(content);
        return finish();
    }

    /** Adds the buffer's remaining bytes (its position is left unchanged). */
    void update(ByteBuffer content) {
        if (md5 == null) {
            return;
        }
        if (content.hasArray()) {
            update(content.array(), content.arrayOffset() + content.position(), content.remaining());
            return;
        }
        ByteBuffer view = content.duplicate();
        while (view.hasRemaining()) {
            int n = Math.min(SLICE, view.remaining());
            view.get(slice, 0, n);
            update(slice, 0, n);
        }
    }

    /** Streams a file too large to hold in memory (where the Linux reader is not available). */
    Result of(Path file) throws IOException {
        if (md5 == null) {
            return finish();
        }
        byte[] chunk = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                update(chunk, 0, n);
            }
        }
        return finish();
    }

    private void update(byte[] bytes, int offset, int length) {
        md5.update(bytes, offset, length);
        sha256.update(bytes, offset, length);
        if (sha1 != null) {
            sha1.update(bytes, offset, length);
        }
    }

    Result finish() {
        if (md5 == null) {
            return new Result(null, null, null);
        }
        HexFormat hex = HexFormat.of();
        return new Result(hex.formatHex(md5.digest()), sha1 == null ? null : hex.formatHex(sha1.digest()),
                hex.formatHex(sha256.digest()));
    }

    private static MessageDigest get(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
