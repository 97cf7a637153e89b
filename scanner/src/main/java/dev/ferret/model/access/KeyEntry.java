package dev.ferret.model.access;

import java.time.Instant;

/**
 * One key of an authorized_keys file, with the file's times (a key line has no time of its own: the file's
 * modification time is when the newest line was written).
 *
 * @param line          1-based line number
 * @param lastKey       true for the last key of the file: the one most likely appended by the latest change
 * @param forcedCommand the key's {@code command="..."} option, null when none
 * @param abbreviated   options, type, fingerprint and comment, without the key blob
 */
public record KeyEntry(String user, String path, int line, boolean lastKey, String type, String fingerprint,
                       String comment, String forcedCommand, String abbreviated, Instant fileMtime, Instant fileCtime) {
    public String location() {
        return path + ":" + line;
    }
}
