package dev.ferret.detect.access;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.ServiceVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code linux.access.outdated-service} (T1190): installed servers, runtimes and operating systems whose release line
 * is out of support (outdated-services.txt), from the package database and os-release. Low to medium: the
 * distribution may have backported fixes; it tells the responder where an old hole may have let the attacker in.
 */
public final class OutdatedServiceDetector implements Detector {
    static final String ID = "linux.access.outdated-service";

    private final AccessData data;

    public OutdatedServiceDetector() {
        this(AccessData.builtIn());
    }

    OutdatedServiceDetector(AccessData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<Finding> out = new ArrayList<>();
        for (ServiceVersion v : a.facts.versions()) {
            Optional<WeightedPattern> hit = data.outdated().matching(v.text()).stream()
                    .max(Comparator.comparingInt(WeightedPattern::score));
            if (hit.isEmpty()) {
                continue;
            }
            WeightedPattern p = hit.get();
            Finding.Builder f = Finding.builder(ID, "Outdated " + v.service() + ": " + v.version())
                    .category("vulnerability").technique(a.rule(ID).technique("exploit-public-app"))
                    .reason(v.service() + " " + v.version() + " (" + v.packageName() + ", " + v.source() + ")"
                            + (p.description() == null || p.description().isEmpty() ? "" : ": " + p.description()),
                            p.score());
            f.respond("upgrade " + v.service() + " to a supported release; meanwhile look in its logs for the way in");
            out.add(f.build());
        }
        return out;
    }
}
