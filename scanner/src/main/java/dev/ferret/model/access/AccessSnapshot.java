package dev.ferret.model.access;

import dev.ferret.model.Snapshot;

import java.util.Optional;

/** The access facts of a snapshot, kept in the snapshot's extension slot. */
public final class AccessSnapshot {
    private AccessSnapshot() {
    }

    /** The snapshot's access facts, created empty on first use. */
    public static AccessFacts of(Snapshot snapshot) {
        return snapshot.extension(AccessFacts.class, AccessFacts::new);
    }

    /** The snapshot's access facts when some collector stored them. */
    public static Optional<AccessFacts> peek(Snapshot snapshot) {
        return snapshot.extension(AccessFacts.class);
    }
}
