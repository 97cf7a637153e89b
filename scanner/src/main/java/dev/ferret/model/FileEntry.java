package dev.ferret.model;

import java.time.Instant;

/**
 * A file found by the location sweep (metadata only; content is read by the detectors that need it).
 *
 * @param path       as on the scanned host (no --root prefix)
 * @param location   the sweep role that found it: "system", "temp" or "hidden"
 * @param executable any execute bit is set
 */
public record FileEntry(String path, String location, long size, Instant mtime, Instant ctime, int mode, int uid,
                        boolean executable) {
    /** The file itself or a directory above it is dot-named. */
    public boolean hidden() {
        for (String part : path.split("/")) {
            if (part.length() > 1 && part.startsWith(".") && !part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
