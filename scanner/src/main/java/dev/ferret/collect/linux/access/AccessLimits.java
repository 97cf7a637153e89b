package dev.ferret.collect.linux.access;

import dev.ferret.data.Thresholds;

import java.time.Clock;
import java.time.Duration;

/**
 * Bounds on what the access collectors read (thresholds.properties, "access.*"): every source is read within a
 * byte, record and time budget, newest part first, so a 2 GB log or a hostile tree cannot stall a scan.
 */
public record AccessLimits(long logMaxBytes, long logMaxTotalBytes, int logMaxLineBytes, Duration logMaxTime,
                           int logMaxRotations, int logMaxTimestamps, long utmpMaxRecords, long utmpBackwardsSeconds,
                           int loginsMax, int journalMaxEntries, Duration journalTimeout, int historyMaxLines,
                           int timelineDays, int timelineMaxFiles, int timelineMaxEntries, int timelineMaxDepth,
                           Duration timelineMaxTime, double timelineCtimeBulkShare, long packageMaxBytes,
                           long packageMaxFileBytes, long packageCtimeSlackSeconds, Clock clock) {

    public static AccessLimits of(Thresholds t, Clock clock) {
        return new AccessLimits(
                (long) t.number("access.log.max.bytes"),
                (long) t.number("access.log.max.total.bytes"),
                t.integer("access.log.max.line.bytes"),
                Duration.ofSeconds(t.integer("access.log.max.seconds")),
                t.integer("access.log.max.rotations"),
                t.integer("access.log.max.timestamps"),
                (long) t.number("access.utmp.max.records"),
                (long) t.number("access.utmp.backwards.tolerance.seconds"),
                t.integer("access.logins.max"),
                t.integer("access.journal.max.entries"),
                Duration.ofSeconds(t.integer("access.journal.timeout.seconds")),
                t.integer("access.history.max.lines"),
                t.integer("access.timeline.days"),
                t.integer("access.timeline.max.files"),
                t.integer("access.timeline.max.entries"),
                t.integer("access.timeline.max.depth"),
                Duration.ofSeconds(t.integer("access.timeline.max.seconds")),
                t.number("access.timeline.ctime.bulk.share"),
                (long) t.number("access.package.max.bytes"),
                (long) t.number("access.package.max.file.bytes"),
                (long) t.number("access.package.ctime.slack.seconds"),
                clock);
    }

    public static AccessLimits defaults() {
        return of(Thresholds.loadDefault(), Clock.systemUTC());
    }

    public AccessLimits withClock(Clock value) {
        return new AccessLimits(logMaxBytes, logMaxTotalBytes, logMaxLineBytes, logMaxTime, logMaxRotations,
                logMaxTimestamps, utmpMaxRecords, utmpBackwardsSeconds, loginsMax, journalMaxEntries, journalTimeout,
                historyMaxLines, timelineDays, timelineMaxFiles, timelineMaxEntries, timelineMaxDepth, timelineMaxTime,
                timelineCtimeBulkShare, packageMaxBytes, packageMaxFileBytes, packageCtimeSlackSeconds, value);
    }

    public AccessLimits withJournalTimeout(Duration value) {
        return new AccessLimits(logMaxBytes, logMaxTotalBytes, logMaxLineBytes, logMaxTime, logMaxRotations,
                logMaxTimestamps, utmpMaxRecords, utmpBackwardsSeconds, loginsMax, journalMaxEntries, value,
                historyMaxLines, timelineDays, timelineMaxFiles, timelineMaxEntries, timelineMaxDepth, timelineMaxTime,
                timelineCtimeBulkShare, packageMaxBytes, packageMaxFileBytes, packageCtimeSlackSeconds, clock);
    }

    public AccessLimits withLogMaxBytes(long value) {
        return new AccessLimits(value, logMaxTotalBytes, logMaxLineBytes, logMaxTime, logMaxRotations,
                logMaxTimestamps, utmpMaxRecords, utmpBackwardsSeconds, loginsMax, journalMaxEntries, journalTimeout,
                historyMaxLines, timelineDays, timelineMaxFiles, timelineMaxEntries, timelineMaxDepth, timelineMaxTime,
                timelineCtimeBulkShare, packageMaxBytes, packageMaxFileBytes, packageCtimeSlackSeconds, clock);
    }
}
