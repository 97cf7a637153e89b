package dev.ferret.model.access;

import java.time.Instant;

/**
 * One log file as found: present or not, its size and times, what was read of it and what could not be parsed.
 *
 * @param family    "auth", "syslog", "wtmp", "btmp", "lastlog"
 * @param rotation  0 for the live file, 1 for ".1", 2 for ".2.gz" (or the rank of a dated "-YYYYMMDD" sibling)
 * @param ctime     inode change time (a rename at rotation sets it), null when unknown
 * @param exists    false when the file is missing (its siblings or the distribution say it should be there)
 * @param lines     lines or records read
 * @param malformed lines or records that could not be parsed (binary junk, overlong lines, bad timestamps)
 * @param partial   only part of the file was read (the newest part of a large file, a truncated gzip)
 */
public record LogFileState(String path, String family, int rotation, boolean exists, long size, Instant mtime,
                           Instant ctime, long lines, long malformed, boolean partial, Instant first, Instant last) {
}
