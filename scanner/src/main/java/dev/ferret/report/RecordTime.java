package dev.ferret.report;

import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.report.timeline.TimeSources;
import dev.ferret.report.timeline.Timeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A record's own time and Timesketch's description of it: the earliest moment a finding's time sources know
 * (the binary dropped, the cron file changed, the login), or the scan's time when none is known.
 */
public record RecordTime(Instant time, String description) {
    public static final String SCAN_TIME = "Scan Time";

    public static RecordTime of(Finding f, Snapshot snapshot, Instant scanTime) {
        Optional<Timeline.Entry> first = TimeSources.defaults().stream()
                .flatMap(s -> s.times(f, snapshot).stream())
                .filter(e -> e.time() != null)
                .min(Comparator.comparing(Timeline.Entry::time).thenComparing(Timeline.Entry::kind));
        return first.map(e -> new RecordTime(e.time(), describe(e.kind()))).orElse(new RecordTime(scanTime, SCAN_TIME));
    }

    /** "Process Started", "File Modified"... in Timesketch's timestamp_desc style. */
    public static String describe(Timeline.Kind kind) {
        return switch (kind) {
            case EVENT -> "Event Time";
            case FILE_MODIFIED -> "File Modified";
            case PERSISTENCE_CHANGED -> "Persistence Changed";
            case PROCESS_STARTED -> "Process Started";
        };
    }

    public static RecordTime orScan(Instant time, String description, Instant scanTime) {
        return time == null ? new RecordTime(scanTime, SCAN_TIME) : new RecordTime(time, description);
    }
}
