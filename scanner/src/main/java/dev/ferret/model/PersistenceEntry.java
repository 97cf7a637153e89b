package dev.ferret.model;

import java.time.Instant;
import java.util.List;

/**
 * Something that makes code run again: a cron line, a unit, a profile script, a preload entry, a key.
 *
 * @param kind       what mechanism it is (cron, systemd, init, profile, supervisord, preload, ssh-key, ...)
 * @param path       the file that holds it, as seen on the scanned host (without the --root prefix)
 * @param line       1-based line number in that file, 0 when the entry is the whole file
 * @param user       the account it runs as, when known
 * @param command    the command or content that runs
 * @param mtime      the holding file's modification time
 * @param references absolute paths the command refers to (binaries, scripts, configs)
 */
public record PersistenceEntry(String kind, String path, int line, String user, String command, Instant mtime,
                               List<String> references) {
    public PersistenceEntry {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** The mechanism {@link #kind()} names. */
    public PersistenceKind mechanism() {
        return PersistenceKind.of(kind);
    }

    public String location() {
        return line > 0 ? path + ":" + line : path;
    }
}
