package dev.ferret.detect;

import dev.ferret.data.DetectionData;
import dev.ferret.model.Finding;

import java.time.Clock;
import java.util.List;

/**
 * What detectors may use besides the snapshot: detection data, the clock, and the findings of the
 * detectors that ran before (for pivots such as "every other copy of a malicious file").
 */
public record DetectorContext(DetectionData data, Clock clock, List<Finding> earlier, FileHasher hasher) {
    public DetectorContext {
        earlier = List.copyOf(earlier);
    }

    public DetectorContext withEarlier(List<Finding> findings) {
        return new DetectorContext(data, clock, findings, hasher);
    }
}
