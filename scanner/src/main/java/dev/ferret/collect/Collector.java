package dev.ferret.collect;

import dev.ferret.model.Snapshot;

/**
 * Reads one source of host facts into the snapshot. Collectors never judge and never change the host;
 * what they cannot read (permission denied, a process that vanished) goes to the snapshot's coverage.
 */
public interface Collector {
    /** The area it serves: "host", "processes", "network", "persistence", "files". */
    String area();

    /** True when it reads the running system (/proc, sockets) and so cannot run on a --root image. */
    boolean liveOnly();

    void collect(Snapshot snapshot, CollectOptions options);
}
