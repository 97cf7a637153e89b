package dev.ferret.model.access;

import java.time.Instant;

/**
 * A shell (or client) history file of one account.
 *
 * @param linkTarget the raw target when the file is a symbolic link ("/dev/null"), else null
 * @param exists     false when the path does not exist at all
 * @param lines      lines in the file (counted over what was read)
 */
public record HistoryFile(String user, String path, String shell, boolean exists, String linkTarget, long size,
                          Instant mtime, long lines) {
    public boolean linkedToNull() {
        return linkTarget != null && (linkTarget.equals("/dev/null") || linkTarget.endsWith("/dev/null"));
    }
}
