package dev.ferret.scan;

import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.rules.LoadedRules;
import dev.ferret.sweep.Progress;
import dev.ferret.sweep.SweepOptions;

import java.util.Optional;

/**
 * What the signature areas (file sweep, process memory) need: the loaded rules (empty when YARA is
 * unavailable: hashes and IOCs still run) and their bounds.
 *
 * @param honourSkips skip well-known tool caches in homes (off with --full and --paranoid)
 */
public record SignatureScan(Optional<LoadedRules> rules, SweepOptions sweep, MemoryScanOptions memory,
                            Progress progress, boolean honourSkips) {
}
