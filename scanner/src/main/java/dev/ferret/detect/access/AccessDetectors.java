package dev.ferret.detect.access;

import dev.ferret.detect.Detector;

import java.util.List;

/** Every access detector (area "access"): how the attacker got in. */
public final class AccessDetectors {
    private AccessDetectors() {
    }

    /** Detectors that judge the snapshot alone (Catalog.primaryDetectors). */
    public static List<Detector> all() {
        return List.of(new BruteForceDetector(), new LoginDetector(), new LogGapDetector(), new LogFileDetector(),
                new LoginRecordDetector(), new JournalDetector(), new HistoryDetector(), new SshTrustDetector(),
                new PackageDetector(), new ExposureDetector(), new RootServiceDetector(), new OutdatedServiceDetector());
    }

    /** Detectors that build on the others' findings (Catalog.pivotDetectors): files changed around them. */
    public static List<Detector> pivots() {
        return List.of(new RecentFilesDetector(), new SshKeyInWindowDetector());
    }
}
