package dev.ferret.model;

import java.time.Instant;

/**
 * A text file a daemon reads (a crontab, a unit, an rc file, authorized_keys) holding bytes no such file needs:
 * NUL and other control bytes. The daemon still reads the rest, so the file was parsed all the same; the stuffing
 * is evidence in itself (it blinds tools that give up on "binary" files).
 *
 * @param path        the file as seen on the scanned host
 * @param size        its size in bytes
 * @param oddBytes    how many odd bytes it holds (in the part read)
 * @param nulBytes    how many of them are NUL
 * @param firstOffset byte offset of the first odd byte
 * @param mtime       the file's modification time
 */
public record StuffedFile(String path, long size, long oddBytes, long nulBytes, long firstOffset, Instant mtime) {
}
