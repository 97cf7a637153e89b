package dev.ferret.scan;

import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A finished scan: what was seen, what was found (chained, worst first), and when. */
public record ScanResult(ScanRequest request, Snapshot snapshot, List<Finding> findings, Instant started,
                         Instant finished) {
    public ScanResult {
        findings = List.copyOf(findings);
    }

    public Duration duration() {
        return Duration.between(started, finished);
    }

    public long count(Severity atLeast) {
        return findings.stream().filter(f -> f.severity().compareTo(atLeast) >= 0).count();
    }
}
