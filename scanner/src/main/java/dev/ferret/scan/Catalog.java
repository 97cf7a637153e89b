package dev.ferret.scan;

import dev.ferret.collect.Collector;
import dev.ferret.collect.HostCollector;
import dev.ferret.collect.files.LocationSweep;
import dev.ferret.collect.files.SweepLocations;
import dev.ferret.collect.linux.LinuxProcessCollector;
import dev.ferret.collect.linux.LinuxSocketCollector;
import dev.ferret.data.DetectionData;
import dev.ferret.detect.Detector;
import dev.ferret.detect.files.HiddenExecutableDetector;
import dev.ferret.detect.files.IocFileDetector;
import dev.ferret.detect.files.MinerConfigDetector;
import dev.ferret.detect.files.SameFileCopiesDetector;
import dev.ferret.detect.hidden.HiddenProcessDetector;
import dev.ferret.detect.hidden.OrphanSocketDetector;
import dev.ferret.detect.hidden.ScannerPreloadDetector;
import dev.ferret.detect.hidden.UnaccountedCpuDetector;
import dev.ferret.detect.network.PoolConnectionDetector;
import dev.ferret.detect.process.CpuHogDetector;
import dev.ferret.detect.process.ForeignMappingDetector;
import dev.ferret.detect.process.MinerCommandLineDetector;
import dev.ferret.detect.process.SuspiciousExecutableDetector;

import java.util.ArrayList;
import java.util.List;

/** The collectors and detectors a Linux scan uses, in the order they run. */
public final class Catalog {
    private Catalog() {
    }

    /** Collectors in dependency order: processes before sockets (ownership), before persistence (supervisord). */
    public static List<Collector> linuxCollectors(DetectionData data) {
        List<Collector> all = new ArrayList<>();
        all.add(new HostCollector());
        all.add(new LinuxProcessCollector());
        all.add(new LinuxSocketCollector());
//        all.addAll(LinuxPersistenceCollectors.all());
        all.add(new LocationSweep(SweepLocations.builtIn(), data.thresholds()));
        return all;
    }

    /** Detectors that judge the snapshot alone. */
    public static List<Detector> primaryDetectors() {
        List<Detector> all = new ArrayList<>(List.of(
                new HiddenProcessDetector(), new OrphanSocketDetector(), new UnaccountedCpuDetector(),
                new ScannerPreloadDetector(), new MinerCommandLineDetector(), new CpuHogDetector(),
                new SuspiciousExecutableDetector(), new ForeignMappingDetector(), new PoolConnectionDetector(),
                new HiddenExecutableDetector(), new MinerConfigDetector(), new IocFileDetector()));
//        all.addAll(PersistenceDetectors.all());
        return all;
    }

    /** Detectors that build on the primary findings (every copy of a malicious file). */
    public static List<Detector> pivotDetectors() {
        return List.of(new SameFileCopiesDetector());
    }
}
