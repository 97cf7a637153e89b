package dev.ferret.scan;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of a host a scan can examine. */
public enum Area {
    HOST, PROCESSES, NETWORK, PERSISTENCE, FILES, SWEEP, MEMORY, ACCESS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What must be collected for these areas: sockets are joined to their processes. */
    public static Set<Area> withDependencies(Set<Area> requested) {
        EnumSet<Area> all = EnumSet.of(HOST);
        all.addAll(requested);
        if (all.contains(NETWORK) || all.contains(MEMORY)) {
            all.add(PROCESSES);
        }
        if (all.contains(ACCESS)) {
            // exposure and root-service checks read live listeners and their processes
            all.add(PROCESSES);
            all.add(NETWORK);
        }
        return all;
    }

    /** Areas that read the running system and are skipped with --root. */
    public boolean liveOnly() {
        return this == PROCESSES || this == NETWORK || this == MEMORY;
    }
}
