package dev.ferret.detect.access;

import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.ferret.collect.linux.access.AccessFixture.dump;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same server on an ordinary week must not look broken into. */
class QuietServerTest {
    @TempDir
    Path root;

    @Test
    void nothingAboveLow() {
        Snapshot s = AccessScenarios.quiet(new AccessFixture(root)).collect();
        var facts = AccessSnapshot.of(s);
        assertTrue(facts.logins().size() >= 6, "the fixture is collected: " + facts.logins().size());
        assertTrue(facts.activity().size() == 2, facts.activity().toString());
        List<Finding> findings = AccessFixture.detect(s, CaseThreeIntrusionTest.LATER);
        assertTrue(findings.stream().noneMatch(f -> f.severity().compareTo(Severity.LOW) > 0), dump(findings));
        for (String id : List.of("linux.access.brute-force-success", "linux.access.log-gap", "linux.access.ssh-key-added",
                "linux.access.package-file-changed", "linux.access.exposed-service")) {
            assertTrue(AccessFixture.rule(findings, id).isEmpty(), id + ":\n" + dump(findings));
        }
    }
}
