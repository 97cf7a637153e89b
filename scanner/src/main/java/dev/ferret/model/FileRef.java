package dev.ferret.model;

import java.time.Instant;

/** A file a finding is about. Hashes and metadata are filled when known, null otherwise. */
public record FileRef(String path, Long size, Instant mtime, String md5, String sha256) {
    public static FileRef of(String path) {
        return new FileRef(path, null, null, null, null);
    }
}
