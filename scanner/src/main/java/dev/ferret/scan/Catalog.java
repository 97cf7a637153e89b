package dev.ferret.scan;

import dev.ferret.collect.Collector;
import dev.ferret.collect.HostCollector;
import dev.ferret.collect.files.LocationSweep;
import dev.ferret.collect.files.SweepLocations;
import dev.ferret.collect.linux.LinuxProcessCollector;
import dev.ferret.collect.linux.LinuxSocketCollector;
import dev.ferret.collect.linux.persistence.LinuxPersistenceCollectors;
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
import dev.ferret.detect.persistence.PersistenceDetectors;
import dev.ferret.detect.process.CpuHogDetector;
import dev.ferret.detect.process.ForeignMappingDetector;
import dev.ferret.detect.process.MinerCommandLineDetector;
import dev.ferret.detect.process.SuspiciousExecutableDetector;
import dev.ferret.detect.signature.SweepIocDetector;
import dev.ferret.detect.signature.YaraFileDetector;
import dev.ferret.detect.signature.YaraMemoryDetector;
import dev.ferret.memory.LinuxProcessMemory;
import dev.ferret.memory.MemoryScan;
import dev.ferret.sweep.FileSweep;

import dev.ferret.collect.linux.access.AccessLimits;
import dev.ferret.collect.linux.access.LinuxAccessCollectors;
import dev.ferret.detect.access.AccessDetectors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The collectors and detectors a Linux scan uses, in the order they run. */
public final class Catalog {
    private Catalog() {
    }

    /** Collectors without the signature areas. */
    public static List<Collector> linuxCollectors(DetectionData data) {
        return linuxCollectors(data, null);
    }

    /**
     * Collectors in dependency order: processes before sockets (ownership) and memory, persistence and the
     * location sweep before the signature sweep.
     *
     * @param signatures what the sweep and memory scan need, or null when neither is requested
     */
    public static List<Collector> linuxCollectors(DetectionData data, SignatureScan signatures) {
        List<Collector> all = new ArrayList<>();
        all.add(new HostCollector());
        all.add(new LinuxProcessCollector());
        all.add(new LinuxSocketCollector());
        all.addAll(LinuxAccessCollectors.all(AccessLimits.of(data.thresholds(), Clock.systemUTC())));
        all.addAll(LinuxPersistenceCollectors.all());
        all.add(new LocationSweep(SweepLocations.builtIn(), data.thresholds()));
        if (signatures != null) {
            all.add(new FileSweep(signatures.sweep(), signatures.rules(), data.thresholds(), SweepLocations.builtIn(),
                    data.iocs().hasSha1(), signatures.honourSkips(), signatures.progress()));
            all.add(new MemoryScan(signatures.memory(), signatures.rules(), new LinuxProcessMemory()));
        }
        return all;
    }

    /** Detectors that judge the snapshot alone. */
    public static List<Detector> primaryDetectors() {
        List<Detector> all = new ArrayList<>(List.of(
                new HiddenProcessDetector(), new OrphanSocketDetector(), new UnaccountedCpuDetector(),
                new ScannerPreloadDetector(), new MinerCommandLineDetector(), new CpuHogDetector(),
                new SuspiciousExecutableDetector(), new ForeignMappingDetector(), new PoolConnectionDetector(),
                new HiddenExecutableDetector(), new MinerConfigDetector(), new IocFileDetector(),
                new YaraFileDetector(), new SweepIocDetector(), new YaraMemoryDetector()));
        all.addAll(PersistenceDetectors.all());
        all.addAll(AccessDetectors.all());
        return all;
    }

    /** Detectors that build on the primary findings (every copy of a malicious file). */
    public static List<Detector> pivotDetectors() {
        List<Detector> all = new ArrayList<>(List.of(new SameFileCopiesDetector()));
        all.addAll(AccessDetectors.pivots());
        return all;
    }
}
