package dev.ferret.scan;

import dev.ferret.collect.Collector;
import dev.ferret.data.rules.RuleBook;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * collect → detect → chain. A collector or detector that fails is recorded in coverage and the scan goes
 * on: one broken source must never cost the responder the rest of the answer.
 */
public final class ScanEngine {
    private static final long HASH_LIMIT = 256L << 20;

    private final List<Collector> collectors;
    private final List<Detector> primary;
    private final List<Detector> pivots;
    private final Clock clock;

    public ScanEngine(List<Collector> collectors, List<Detector> primary, List<Detector> pivots, Clock clock) {
        this.collectors = List.copyOf(collectors);
        this.primary = List.copyOf(primary);
        this.pivots = List.copyOf(pivots);
        this.clock = clock;
    }

    public ScanResult run(ScanRequest request) {
        return run(request, new Coverage());
    }

    /** Runs with a coverage record that may already hold what was noted before the scan (rule loading). */
    public ScanResult run(ScanRequest request, Coverage coverage) {
        Instant started = clock.instant();
        Snapshot snapshot = new Snapshot(request.root(), request.live(), coverage);
        Set<Area> requested = request.areas();
        Set<String> collected = ids(Area.withDependencies(request.areas()));
        for (Collector c : collectors) {
            if (!collected.contains(c.area())) {
                continue;
            }
            if (c.liveOnly() && !request.live()) {
                coverage.gap(c.area(), "not examined: needs the running system (offline scan of "
                        + request.root() + ")", null);
                continue;
            }
            try {
                c.collect(snapshot, request.options());
            } catch (RuntimeException e) {
                coverage.gap(c.area(), "collector " + c.getClass().getSimpleName() + " failed: " + e, null);
            }
        }
        DetectorContext context = new DetectorContext(request.data(), clock, List.of(), new FileHasher(HASH_LIMIT));
        RuleBook rules = request.data().rules();
        List<Finding> findings = runAll(primary, rules, requested, snapshot, context);
        findings.addAll(runAll(pivots, rules, requested, snapshot, context.withEarlier(findings)));
        findings.sort(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::ruleId));
        return new ScanResult(request, snapshot, ChainLinker.link(findings), started, clock.instant());
    }

    private static List<Finding> runAll(List<Detector> detectors, RuleBook rules, Set<Area> requested,
                                        Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Detector d : detectors) {
            if (rules.areasOf(d.id()).stream().noneMatch(requested::contains)) {
                continue;
            }
            try {
                findings.addAll(d.detect(snapshot, context));
                snapshot.coverage().count("detectors", "run");
            } catch (RuntimeException e) {
                snapshot.coverage().gap("detectors", "detector " + d.id() + " failed: " + e, null);
            }
        }
        return findings;
    }

    private static Set<String> ids(Set<Area> areas) {
        return areas.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
