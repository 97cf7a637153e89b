package dev.ferret.fleet;

import dev.ferret.fleet.engine.EmbeddedFleet;
import dev.ferret.fleet.engine.FleetSource;
import dev.ferret.fleet.engine.FleetSource.Problem;
import dev.ferret.fleet.opensearch.OpenSearchConnection;
import dev.ferret.fleet.output.Safe;
import dev.ferret.fleet.opensearch.OpenSearchFleet;
import dev.ferret.fleet.opensearch.Shipper;

import java.io.PrintWriter;

/** Opens the OpenSearch side: shipping there, and answering from there. */
final class Engines {
    private Engines() {
    }

    static FleetSource openSearch(String url) {
        return new OpenSearchFleet(OpenSearchConnection.open(url));
    }

    static Shipper.Result ship(EmbeddedFleet fleet, String url, PrintWriter out) throws Exception {
        try (OpenSearchConnection os = OpenSearchConnection.open(url)) {
            Shipper.Result r = new Shipper(os).ship(fleet);
            out.printf("ferret fleet: shipped %d records and %d derived documents to %s in %.1f s%n", r.records(),
                    r.derived(), Safe.text(url), r.millis() / 1000.0);
            r.rejected().forEach((why, n) -> out.println("  rejected by OpenSearch: " + n + " x " + Safe.text(why)));
            for (Problem p : fleet.problems()) {
                out.println("  not shipped: " + Safe.text(p.file()) + ": " + p.count() + " x " + Safe.text(p.what()));
            }
            out.flush();
            return r;
        }
    }
}
