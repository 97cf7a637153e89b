package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.collect.linux.persistence.Scenarios;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A normal Debian server must not look compromised. */
class CleanHostTest {
    @TempDir
    Path root;

    @Test
    void normalDebianServerHasNothingAboveLow() {
        Snapshot s = Scenarios.cleanDebian(new Fixture(root)).collectAll();
        assertTrue(s.persistence().size() > 30, "the fixture is collected: " + s.persistence().size());
        List<Finding> findings = Fixture.detect(s);
        assertTrue(findings.stream().noneMatch(f -> f.severity().compareTo(Severity.LOW) > 0),
                ThreatCasesTest.dump(findings));
    }

    @Test
    void freshlyInstalledCleanFilesStayBelowMedium() {
        // the same server minutes after provisioning: every file is "recent", which alone must not alert
        Fixture f = Scenarios.cleanDebian(new Fixture(root)).allModifiedAt(java.time.Instant.now());
        List<Finding> findings = Fixture.detect(f.collectAll());
        assertTrue(findings.stream().noneMatch(x -> x.severity().compareTo(Severity.LOW) > 0),
                ThreatCasesTest.dump(findings));
    }
}
