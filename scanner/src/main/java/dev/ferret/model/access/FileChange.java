package dev.ferret.model.access;

import java.time.Instant;

/**
 * A file created or modified in the timeline window under a sensitive path, with its times and owner.
 *
 * @param role       the kind of place ("system", "config", "home", "temp", "boot", "schedule") from access-paths.txt
 * @param linkTarget the raw target for symbolic links, null for regular files
 * @param elf        the file starts with the ELF magic (read only for executables)
 */
public record FileChange(String path, String role, Instant mtime, Instant ctime, int uid, String owner, long size,
                         int mode, boolean executable, boolean elf, String linkTarget) {
    /** The later of mtime and ctime: when the file last changed, as far as the inode tells. */
    public Instant changed() {
        if (ctime == null) {
            return mtime;
        }
        return mtime == null || ctime.isAfter(mtime) ? ctime : mtime;
    }
}
