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
        Thread early = prepare(primary, request, snapshot);
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
        joinQuietly(early);
        DetectorContext context = new DetectorContext(request.data(), clock, List.of(), new FileHasher(HASH_LIMIT));
        RuleBook rules = request.data().rules();
        List<Finding> findings = runAll(primary, rules, requested, snapshot, context);
        findings.addAll(runAll(pivots, rules, requested, snapshot, context.withEarlier(findings)));
        findings = withoutOwnFiles(findings, request.own(), snapshot);
        findings.sort(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::ruleId));
        return new ScanResult(request, snapshot, ChainLinker.link(findings), started, clock.instant());
    }

    /** A finding about ferret's own checkout, kit or image is ferret matching itself: counted, not reported. */
    private static List<Finding> withoutOwnFiles(List<Finding> findings, OwnFiles own, Snapshot snapshot) {
        if (own.roots().isEmpty()) {
            return findings;
        }
        List<Finding> kept = new ArrayList<>();
        for (Finding f : findings) {
            String path = ownPath(f, own, snapshot);
            if (path == null) {
                kept.add(f);
            } else {
                snapshot.coverage().gap("self", "ferret's own files", path);
            }
        }
        return kept;
    }

    private static String ownPath(Finding f, OwnFiles own, Snapshot snapshot) {
        List<String> paths = new ArrayList<>();
        if (f.file() != null) {
            paths.add(f.file().path());
        }
        if (f.persistence() != null) {
            paths.add(f.persistence().path());
        }
        if (f.process() != null) {
            paths.add(f.process().executable());
        }
        for (String p : paths) {
            if (p != null && p.startsWith("/") && own.owns(snapshot.hostPath(p))) {
                return p;
            }
        }
        return null;
    }

    private static List<Finding> runAll(List<Detector> detectors, RuleBook rules, Set<Area> requested,
                                        Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Detector d : detectors) {
            if (!due(d, rules, requested)) {
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

    /** A detector runs when any area of its rules was asked for. */
    private static boolean due(Detector d, RuleBook rules, Set<Area> requested) {
        return rules.areasOf(d.id()).stream().anyMatch(requested::contains);
    }

    /**
     * Starts the read-ahead ({@link Detector#prepare}) of the detectors that will run, on one background thread
     * (which also waits for the rule declarations that say which will run, so the collectors need not).
     */
    private static Thread prepare(List<Detector> detectors, ScanRequest request, Snapshot snapshot) {
        Thread t = new Thread(() -> {
            try {
                RuleBook rules = request.data().rules();
                for (Detector d : detectors) {
                    if (due(d, rules, request.areas())) {
                        d.prepare(snapshot);
                    }
                }
            } catch (RuntimeException e) {
                // detect() meets the same problem again and records it in coverage
            }
        }, "ferret-prepare");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> ids(Set<Area> areas) {
        return areas.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
