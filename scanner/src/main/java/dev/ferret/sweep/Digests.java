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

/** MD5, SHA-256 and (when an IOC list needs it) SHA-1 of one content, computed side by side. */
final class Digests {
    private final MessageDigest md5 = get("MD5");
    private final MessageDigest sha256 = get("SHA-256");
    private final MessageDigest sha1;

    /** Hex digests; sha1 is null when not asked for. */
    record Result(String md5, String sha1, String sha256) {
    }

    Digests(boolean withSha1) {
        this.sha1 = withSha1 ? get("SHA-1") : null;
    }

    Result of(ByteBuffer content) {
        md5.update(content.duplicate());
        sha256.update(content.duplicate());
        if (sha1 != null) {
            sha1.update(content.duplicate());
        }
        return finish();
    }

    /** Streams a file too large to hold in memory. */
    Result of(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                md5.update(chunk, 0, n);
                sha256.update(chunk, 0, n);
                if (sha1 != null) {
                    sha1.update(chunk, 0, n);
                }
            }
        }
        return finish();
    }

    private Result finish() {
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
