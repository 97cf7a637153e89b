package dev.ferret.it;

import dev.ferret.data.DetectionData;
import dev.ferret.scan.Catalog;

/**
 * Whether this build already detects persistence (rule ids {@code linux.persistence*}, written in parallel
 * with these tests). Asserting on a rule only makes sense once both its collector and its detector are in
 * the scan catalog: a class that exists but is not wired in produces nothing, so the catalog is asked
 * rather than {@code Class.forName}. Once persistence is wired in, the conditional assertions in the tests
 * become unconditional in effect.
 */
final class PersistenceRules {
    static final String PREFIX = "linux.persistence";

    private PersistenceRules() {
    }

    static boolean available() {
        boolean collected = Catalog.linuxCollectors(DetectionData.builtIn()).stream()
                .anyMatch(c -> c.area().equals("persistence"));
        boolean detected = Catalog.primaryDetectors().stream().anyMatch(d -> d.id().startsWith(PREFIX));
        return collected && detected;
    }
}
