package dev.ferret.detect;

import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.util.List;

/**
 * One idea about what is wrong, applied to a snapshot. Detectors never collect and never change the host.
 * What a detector's findings mean — their rule ids, titles, areas, ATT&amp;CK techniques, weights and thresholds —
 * is declared in {@code signatures/.../rules/*.yaml}; the detector reads it from {@code context.data().rules()}.
 */
public interface Detector {
    /**
     * Stable id, named by the {@code detector} key of the rules it emits. The areas it serves are those of its
     * rules: it runs when any of them is requested, and copes with lists that are empty because an area was not
     * collected (offline scans have no processes).
     */
    String id();

    List<Finding> detect(Snapshot snapshot, DetectorContext context);

    /**
     * Reads ahead what {@link #detect} will need and no collector changes (the package database, say): the engine
     * calls it on a background thread while the collectors run, so a single-threaded read overlaps the sweep
     * instead of following it. Whatever it leaves undone, {@code detect} does itself.
     */
    default void prepare(Snapshot snapshot) {
    }
}
