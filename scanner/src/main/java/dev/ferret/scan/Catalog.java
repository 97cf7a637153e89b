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
import dev.ferret.os.Platform;
import dev.ferret.sweep.FileSweep;

import dev.ferret.collect.linux.access.AccessLimits;
import dev.ferret.collect.windows.WindowsCollectors;
import dev.ferret.collect.windows.WindowsSweepRoots;
import dev.ferret.detect.windows.WindowsDetectors;
import dev.ferret.memory.windows.WindowsProcessMemory;
import dev.ferret.collect.linux.access.LinuxAccessCollectors;
import dev.ferret.detect.access.AccessDetectors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The collectors and detectors a Linux scan uses, in the order they run. */
public final class Catalog {
    private Catalog() {
    }

    /** True on a Windows host: the collectors and platform detectors differ, the rest is shared. */
    public static boolean windows() {
        return Platform.isWindows();
    }

    /** The collectors for the platform ferret runs on. */
    public static List<Collector> collectors(DetectionData data, SignatureScan signatures) {
        return windows() ? windowsCollectors(data, signatures) : linuxCollectors(data, signatures);
    }

    /** The detectors for the platform ferret runs on. */
    public static List<Detector> detectors() {
        return windows() ? windowsDetectors() : primaryDetectors();
    }

    /**
     * Windows: its own collectors behind the same model, then the file sweep (default roots: sweep-roots-windows.txt)
     * and the memory scan. Runs under Wine in CI (.ci/suites/40-wine.sh); never on a real Windows host so far.
     */
    public static List<Collector> windowsCollectors(DetectionData data, SignatureScan signatures) {
        List<Collector> all = new ArrayList<>();
        all.add(new HostCollector());
        all.addAll(WindowsCollectors.all());
        all.add(new LocationSweep(WindowsSweepRoots.locations(), data.thresholds()));
        if (signatures != null) {
            all.add(new FileSweep(signatures.sweep(), signatures.rules(), data.thresholds(), SweepLocations.builtIn(),
                    data.iocs().hasSha1(), signatures.honourSkips(), signatures.progress()));
            all.add(new MemoryScan(signatures.memory(), signatures.rules(), new WindowsProcessMemory()));
        }
        return all;
    }

    /** The shared detectors plus the Windows ones; the Linux-only ideas are left out. */
    public static List<Detector> windowsDetectors() {
        List<Detector> all = new ArrayList<>(List.of(
                new MinerCommandLineDetector(), new CpuHogDetector(), new PoolConnectionDetector(),
                new IocFileDetector(), new MinerConfigDetector(), new YaraFileDetector(), new SweepIocDetector(),
                new YaraMemoryDetector()));
        all.addAll(WindowsDetectors.all());
        return all;
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
                new YaraFileDetector(), new SweepIocDetector(), new YaraMemoryDetector(),
                new dev.ferret.detect.files.RenamedDownloaderDetector(),
                new dev.ferret.detect.files.DisguisedExecutableDetector()));
        all.addAll(PersistenceDetectors.all());
        all.addAll(AccessDetectors.all());
        return all;
    }

    /**
     * Every detector of every platform, each id once: what the rule declarations must match one to one
     * ({@code RuleBook.checkDetectors}).
     */
    public static List<Detector> allDetectors() {
        java.util.Map<String, Detector> byId = new java.util.LinkedHashMap<>();
        for (List<Detector> list : List.of(primaryDetectors(), pivotDetectors(), windowsDetectors())) {
            list.forEach(d -> byId.putIfAbsent(d.id(), d));
        }
        return List.copyOf(byId.values());
    }

    /** Detectors that build on the primary findings (every copy of a malicious file). */
    public static List<Detector> pivotDetectors() {
        List<Detector> all = new ArrayList<>(List.of(new SameFileCopiesDetector(),
                new dev.ferret.detect.persistence.RunTargetDetector()));
        all.addAll(AccessDetectors.pivots());
        return all;
    }
}
