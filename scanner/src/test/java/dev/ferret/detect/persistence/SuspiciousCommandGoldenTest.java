package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.rules.Golden;
import dev.ferret.model.Finding;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command matching only a "suspicious" pattern (no download, decode or reverse shell) is its own rule. */
class SuspiciousCommandGoldenTest {
    @TempDir
    Path root;

    @Test
    @Golden("linux.persistence.suspicious-command")
    void aCronJobRunningAProgramStraightFromEtc() {
        Fixture f = new Fixture(root).file("/etc/cron.d/sysupdate", "*/10 * * * * root /etc/sysupdate >/dev/null 2>&1\n")
                .file("/etc/sysupdate", "#!/bin/sh\n").allModifiedAt(Fixture.OLD);
        List<Finding> findings = Fixture.detect(f.collectAll()).stream()
                .filter(x -> x.ruleId().equals("linux.persistence.suspicious-command")).toList();
        assertEquals(1, findings.size(), findings.toString());
        Finding finding = findings.get(0);
        assertEquals("/etc/cron.d/sysupdate", finding.persistence().path());
        assertTrue(finding.reasons().stream().map(Reason::text).anyMatch(t -> t.contains(
                "cron /etc/cron.d/sysupdate:1 runs '/etc/sysupdate': running a program that sits directly in /etc")),
                finding.reasons().toString());
        assertEquals(List.of("T1053.003", "T1059.004"), finding.techniques());
        assertTrue(finding.severity().compareTo(Severity.MEDIUM) >= 0, finding.toString());
    }
}
