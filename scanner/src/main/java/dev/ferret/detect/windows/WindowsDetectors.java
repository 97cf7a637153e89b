package dev.ferret.detect.windows;

import dev.ferret.detect.Detector;

import java.util.List;

/**
 * Every Windows-specific detector. They read {@link dev.ferret.model.windows.WindowsFacts} (and the snapshot's
 * processes, sockets and persistence) and stay quiet on snapshots without Windows facts, so running them on a Linux
 * scan costs nothing. The shared detectors (miner command lines, pool connections, IOC files, YARA) run on Windows
 * snapshots unchanged and are not repeated here.
 */
public final class WindowsDetectors {
    private WindowsDetectors() {
    }

    public static List<Detector> all() {
        return List.of(
                new SvchostModuleDetector(),
                new ProcessLocationDetector(),
                new MasqueradeDetector(),
                new ModuleMismatchDetector(),
                new InjectedCodeDetector(),
                new SystemProcessDetector(),
                new SmbSpreadDetector(),
                new Ms17010Detector(),
                new PersistencePathDetector(),
                new UnsignedServiceDetector());
    }
}
