package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;

/**
 * Common frame of the access collectors: area "access", usable on a mounted image unless it says otherwise, never
 * throws out of {@link #collect} (a failure becomes a coverage gap; what was read so far is kept).
 */
public abstract class AccessCollector implements Collector {
    protected final AccessLimits limits;

    protected AccessCollector(AccessLimits limits) {
        this.limits = limits;
    }

    @Override
    public final String area() {
        return AccessFacts.AREA;
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    abstract void collect(AccessFiles files, AccessFacts facts);

    @Override
    public final void collect(Snapshot snapshot, CollectOptions options) {
        AccessFacts facts = AccessSnapshot.of(snapshot);
        try {
            collect(new AccessFiles(snapshot), facts);
        } catch (RuntimeException e) {
            snapshot.coverage().gap(AccessFacts.AREA, "collector failed", getClass().getSimpleName() + ": " + e);
        }
    }
}
