package dev.ferret.detect;

import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.util.List;

/** One idea about what is wrong, applied to a snapshot. Detectors never collect and never change the host. */
public interface Detector {
    /** Stable id, also the prefix of the rule ids it emits. */
    String id();

    /**
     * The areas it serves ("processes", "network", "persistence", "files"): it runs when any of them is
     * requested. Whatever it reads is collected then too (sockets need their owning processes), and it copes
     * with lists that are empty because an area was not collected (offline scans have no processes).
     */
    java.util.Set<String> areas();

    List<Finding> detect(Snapshot snapshot, DetectorContext context);
}
