package dev.ferret.fleet;

import dev.ferret.fleet.engine.EmbeddedFleet;
import dev.ferret.fleet.engine.FleetSource;

import java.io.PrintWriter;

/** Opens the OpenSearch side: shipping and answering there. */
final class Engines {
    private Engines() {
    }

    static FleetSource openSearch(String url) {
        throw new UnsupportedOperationException("not yet");
    }

    static void ship(EmbeddedFleet fleet, String url, PrintWriter err) {
        throw new UnsupportedOperationException("not yet");
    }
}
