package dev.ferret.model.access;

import java.time.Instant;

/**
 * A file in a package-managed binary directory that the package database does not vouch for: content that differs
 * from the recorded checksum, or a file no package installed.
 */
public record PackageFile(String path, Status status, String packageName, String expectedMd5, String actualMd5,
                          long size, Instant mtime, Instant ctime, boolean elf) {
    /** What is wrong with it. */
    public enum Status {
        /** dpkg's md5sums record other content for this path. */
        CHANGED,
        /** no package lists this path. */
        UNKNOWN
    }
}
