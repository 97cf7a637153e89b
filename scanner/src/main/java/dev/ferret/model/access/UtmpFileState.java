package dev.ferret.model.access;

import java.time.Instant;
import java.util.List;

/**
 * A binary login-record file (wtmp, btmp) and what its structure says about tampering.
 *
 * @param recordSize    384 (glibc, 32-bit times) or 400 (64-bit times)
 * @param records       whole records in the file
 * @param trailingBytes bytes after the last whole record: a file cut or spliced by hand
 * @param emptyRecords  all-zero or type-0 records between real ones (what some log cleaners leave)
 * @param invalid       records that do not parse (unknown type, impossible time)
 * @param backwards     records whose time is earlier than the record before them (beyond a tolerance)
 */
public record UtmpFileState(String path, String kind, int recordSize, long size, Instant mtime, long records,
                            long trailingBytes, long emptyRecords, long invalid, List<Step> backwards,
                            Instant first, Instant last) {
    public UtmpFileState {
        backwards = List.copyOf(backwards);
    }

    /** A record (index from 0) whose time is before its predecessor's. */
    public record Step(long index, Instant time, Instant previous, String user) {
    }
}
