package dev.ferret.model;

import java.time.Instant;
import java.util.List;

/**
 * A file the signature sweep read: its hashes (all from one read) and the YARA rules that matched.
 *
 * @param path         as on the scanned host
 * @param sha1         null unless an IOC list holds SHA-1 hashes
 * @param yaraSkipped  why YARA did not look at the content (package-verified, unavailable), or null
 */
public record ScannedFile(String path, long size, Instant mtime, String md5, String sha1, String sha256,
                          List<SignatureMatch> matches, String yaraSkipped) {
    public ScannedFile {
        matches = List.copyOf(matches);
    }

    public FileRef ref() {
        return new FileRef(path, size, mtime, md5, sha256);
    }
}
