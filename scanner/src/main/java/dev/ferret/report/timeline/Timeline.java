package dev.ferret.report.timeline;

import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * All findings of a scan on one time axis, so the responder reads the intrusion in order: brute force → login → key
 * added → cron entry → binary dropped → miner started. Each finding contributes the moments its {@link TimeSource}s
 * know (several when it names several things); moments of one finding less than a second apart are one. Findings
 * with no moment are kept apart as {@link #undated()}.
 * <p>
 * Equal times are ordered by kind (an event such as a login before a file written at the same second, then a
 * persistence entry, then a process start), then by severity, strongest first.
 */
public final class Timeline {
    /** What kind of moment an entry is; the order breaks ties between equal times. */
    public enum Kind {
        EVENT, FILE_MODIFIED, PERSISTENCE_CHANGED, PROCESS_STARTED
    }

    /** One moment: when, what happened, and the finding it belongs to. */
    public record Entry(Instant time, Kind kind, String what, Finding finding) {
    }

    private static final Duration SAME = Duration.ofSeconds(1);
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::time)
            .thenComparing(Entry::kind)
            .thenComparing(e -> -e.finding().score())
            .thenComparing(e -> e.finding().ruleId());

    private final List<Entry> entries;
    private final List<Finding> undated;

    private Timeline(List<Entry> entries, List<Finding> undated) {
        this.entries = List.copyOf(entries);
        this.undated = List.copyOf(undated);
    }

    /** The timeline of findings with the built-in time sources; {@code snapshot} (may be null) gives process starts. */
    public static Timeline of(List<Finding> findings, Snapshot snapshot) {
        return of(findings, snapshot, TimeSources.defaults());
    }

    public static Timeline of(List<Finding> findings, Snapshot snapshot, List<TimeSource> sources) {
        List<Entry> all = new ArrayList<>();
        List<Finding> undated = new ArrayList<>();
        Map<Finding, Boolean> seen = new IdentityHashMap<>();
        for (Finding f : findings) {
            if (seen.put(f, Boolean.TRUE) != null) {
                continue;
            }
            List<Entry> mine = new ArrayList<>();
            for (TimeSource source : sources) {
                for (Entry e : source.times(f, snapshot)) {
                    if (e.time() != null && mine.stream().noneMatch(m -> Duration.between(m.time(), e.time()).abs()
                            .compareTo(SAME) < 0)) {
                        mine.add(e);
                    }
                }
            }
            if (mine.isEmpty()) {
                undated.add(f);
            } else {
                all.addAll(mine);
            }
        }
        all.sort(ORDER);
        undated.sort(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::ruleId));
        return new Timeline(all, undated);
    }

    /** The moments, oldest first. */
    public List<Entry> entries() {
        return entries;
    }

    /** Findings no source could date, strongest first. */
    public List<Finding> undated() {
        return undated;
    }

    /** The same timeline without the findings below {@code min}. */
    public Timeline atLeast(Severity min) {
        return new Timeline(entries.stream().filter(e -> e.finding().severity().compareTo(min) >= 0).toList(),
                undated.stream().filter(f -> f.severity().compareTo(min) >= 0).toList());
    }

    /** The moments between two times (inclusive). */
    public List<Entry> between(Instant from, Instant to) {
        return entries.stream().filter(e -> !e.time().isBefore(from) && !e.time().isAfter(to)).toList();
    }

    /** Each finding once, in the order of its first moment (the story's order), undated ones last. */
    public List<Finding> findingsInOrder() {
        Map<Finding, Boolean> seen = new IdentityHashMap<>();
        List<Finding> out = new ArrayList<>();
        for (Entry e : entries) {
            if (seen.put(e.finding(), Boolean.TRUE) == null) {
                out.add(e.finding());
            }
        }
        out.addAll(undated);
        return out;
    }
}
