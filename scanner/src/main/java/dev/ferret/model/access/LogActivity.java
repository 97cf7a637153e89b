package dev.ferret.model.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one log (a file and its rotated siblings taken together, or the journal) spread its entries over time: enough
 * to tell a log that is normally busy from a quiet one, and where it fell silent.
 *
 * @param family          "auth" (auth.log, secure), "syslog" (syslog, messages), "journal"
 * @param files           the files read, newest first
 * @param entries         timestamped entries seen
 * @param activeHours     distinct clock hours with at least one entry
 * @param p99Interval     the 99th percentile of the time between consecutive entries
 * @param longest         the longest silences, longest first (at most a handful)
 */
public record LogActivity(String family, List<String> files, long entries, Instant first, Instant last,
                          long activeHours, Duration p99Interval, List<Silence> longest) {
    public LogActivity {
        files = List.copyOf(files);
        longest = List.copyOf(longest);
    }
}
