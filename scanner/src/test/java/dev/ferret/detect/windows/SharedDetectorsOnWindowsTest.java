package dev.ferret.detect.windows;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.detect.Detector;
import dev.ferret.detect.files.IocFileDetector;
import dev.ferret.detect.files.MinerConfigDetector;
import dev.ferret.detect.network.PoolConnectionDetector;
import dev.ferret.detect.process.CpuHogDetector;
import dev.ferret.detect.process.MinerCommandLineDetector;
import dev.ferret.detect.signature.SweepIocDetector;
import dev.ferret.detect.signature.YaraFileDetector;
import dev.ferret.detect.signature.YaraMemoryDetector;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.scan.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.ferret.collect.windows.WindowsFixture.atLeast;
import static dev.ferret.collect.windows.WindowsFixture.dump;
import static dev.ferret.collect.windows.WindowsFixture.evidence;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared detectors, unchanged, on a Windows snapshot built from recorded data: case 2's TrustedHostex.exe with a
 * Stratum command line, connected to a pool port, burning two cores.
 */
class SharedDetectorsOnWindowsTest {
    @TempDir
    Path disk;

    @Test
    @Golden({"ioc.file", "network.pool-connection", "process.cpu-hog", "process.miner-command-line"})
    void minerCommandLinePoolConnectionIocAndCpuWorkOnWindowsData() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        List<Finding> findings = WindowsFixture.detect(s, List.of(new MinerCommandLineDetector(),
                new PoolConnectionDetector(), new IocFileDetector(), new CpuHogDetector()));

        Finding cmd = findings.stream().filter(f -> f.ruleId().equals("process.miner-command-line")).findFirst()
                .orElseThrow(() -> new AssertionError(dump(findings)));
        assertEquals(2236, cmd.process().pid());
        atLeast(Severity.HIGH, cmd);
        assertTrue(evidence(cmd, "stratum+tcp://"), dump(List.of(cmd)));
        assertTrue(evidence(cmd, "supportxmr.com"));

        Finding pool = findings.stream().filter(f -> f.ruleId().equals("network.pool-connection")).findFirst().orElseThrow();
        assertEquals(2236, pool.process().pid());
        assertEquals("91.121.140.167", pool.destination().ip());
        atLeast(Severity.HIGH, pool);
        assertTrue(evidence(pool, "uses 189% of a core"), dump(List.of(pool)));

        Finding ioc = findings.stream().filter(f -> f.ruleId().equals("ioc.file")
                && f.file().path().endsWith("TrustedHostex.exe")).findFirst().orElseThrow(() -> new AssertionError(dump(findings)));
        atLeast(Severity.HIGH, ioc);

        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals("process.cpu-hog") && f.process().pid() == 2236));
    }

    /** The OS-neutral detectors a Windows scan runs beside {@link WindowsDetectors#all()}. */
    static List<Detector> shared() {
        return List.of(new MinerCommandLineDetector(), new CpuHogDetector(), new PoolConnectionDetector(),
                new IocFileDetector(), new MinerConfigDetector(), new YaraFileDetector(), new SweepIocDetector(),
                new YaraMemoryDetector());
    }

    @Test
    void everyCatalogDetectorCopesWithWindowsSnapshots() throws Exception {
        // Linux-only detectors must not crash on Windows facts (no inodes, no /proc views, registry paths as
        // persistence locations); which of them to leave out of a Windows scan is the catalog's choice
        for (String recording : List.of(WindowsFixture.CASE2, WindowsFixture.CLEAN)) {
            Snapshot s = WindowsFixture.collect(WindowsFixture.recording(recording, disk.resolve(recording)));
            for (Detector d : Catalog.primaryDetectors()) {
                assertDoesNotThrow(() -> d.detect(s, WindowsFixture.context()), d.id() + " on " + recording);
            }
        }
    }
}
