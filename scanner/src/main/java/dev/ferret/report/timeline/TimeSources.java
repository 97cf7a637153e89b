package dev.ferret.report.timeline;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.access.EventTimes;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in time sources, one per kind of thing a finding names:
 * <ul>
 * <li>{@link #eventTimes()}: the "event time: ..." reasons detectors write for what the entities cannot say (a login,
 * the first of many failures, a log falling silent);</li>
 * <li>{@link #persistenceChanged()}: a persistence entry's file time (the cron line, the unit, the key file);</li>
 * <li>{@link #fileModified()}: a file's modification time (the dropped binary);</li>
 * <li>{@link #processStarted()}: a process's start time, from the snapshot's process list.</li>
 * </ul>
 */
public final class TimeSources {
    private TimeSources() {
    }

    /** Every built-in source, in tie-breaking order. */
    public static List<TimeSource> defaults() {
        return List.of(eventTimes(), fileModified(), persistenceChanged(), processStarted());
    }

    public static TimeSource eventTimes() {
        return (f, s) -> EventTimes.of(f).stream()
                .map(t -> new Timeline.Entry(t.time(), Timeline.Kind.EVENT, t.what(), f)).toList();
    }

    public static TimeSource persistenceChanged() {
        return (f, s) -> {
            PersistenceEntry p = f.persistence();
            if (p == null || p.mtime() == null) {
                return List.of();
            }
            return List.of(new Timeline.Entry(p.mtime(), Timeline.Kind.PERSISTENCE_CHANGED,
                    p.kind() + " " + p.location() + " changed", f));
        };
    }

    public static TimeSource fileModified() {
        return (f, s) -> {
            if (f.file() == null || f.file().mtime() == null) {
                return List.of();
            }
            return List.of(new Timeline.Entry(f.file().mtime(), Timeline.Kind.FILE_MODIFIED,
                    f.file().path() + " modified", f));
        };
    }

    public static TimeSource processStarted() {
        return (f, s) -> {
            if (f.process() == null || s == null) {
                return List.of();
            }
            List<Timeline.Entry> out = new ArrayList<>();
            s.process(f.process().pid()).filter(p -> p.startTime() != null).ifPresent(p -> out.add(new Timeline.Entry(
                    p.startTime(), Timeline.Kind.PROCESS_STARTED, "process " + p.pid() + " (" + p.name() + ") started",
                    f)));
            return out;
        };
    }
}
