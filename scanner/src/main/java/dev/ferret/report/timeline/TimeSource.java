package dev.ferret.report.timeline;

import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.util.List;

/**
 * Where the time of a finding comes from. {@link Finding} has no time field: each source derives moments from what
 * the finding names — its event-time reasons, its persistence entry's file time, its file's modification time, its
 * process's start time (looked up in the snapshot). A finding may have several moments (the binary dropped, then the
 * process started); one that has none is "undated".
 */
@FunctionalInterface
public interface TimeSource {
    /** The moments this source knows for the finding; empty when none. {@code snapshot} may be null. */
    List<Timeline.Entry> times(Finding finding, Snapshot snapshot);
}
