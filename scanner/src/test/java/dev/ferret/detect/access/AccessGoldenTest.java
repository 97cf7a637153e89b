package dev.ferret.detect.access;

import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.data.rules.Golden;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.util.List;

import static dev.ferret.collect.linux.access.AccessFixture.dump;
import static dev.ferret.collect.linux.access.AccessFixture.evidence;
import static dev.ferret.collect.linux.access.AccessFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access rules the case-3 tests leave out: one key opening two accounts, and a dot-named binary no package owns. */
class AccessGoldenTest {
    private static final Clock LATER = Clock.fixed(Instant.parse("2024-04-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    @Golden({"linux.access.ssh-key-duplicate", "linux.access.package-unknown-binary"})
    void aSharedKeyAndADotNamedBinaryInUsrBin() {
        AccessFixture f = AccessScenarios.intrusion(new AccessFixture(root))
                .bytes("/usr/bin/.kworker", "\u007fELF dropped".getBytes(StandardCharsets.ISO_8859_1))
                .mtime("/usr/bin/.kworker", AccessScenarios.MINER_DROPPED);
        List<Finding> findings = AccessFixture.detect(f.collect(), LATER);

        Finding shared = one(findings, "linux.access.ssh-key-duplicate");
        assertTrue(shared.ruleName().startsWith("One SSH key opens 2 accounts"), dump(List.of(shared)));
        assertTrue(evidence(shared, "admin@laptop"), dump(List.of(shared)));
        assertEquals(List.of("T1098.004"), shared.techniques());

        Finding unknown = findings.stream().filter(x -> x.ruleId().equals("linux.access.package-unknown-binary")
                && x.file() != null && "/usr/bin/.kworker".equals(x.file().path())).findFirst()
                .orElseThrow(() -> new AssertionError(dump(findings)));
        assertTrue(evidence(unknown, "/usr/bin/.kworker is in a package-managed directory but no installed package lists it"),
                dump(List.of(unknown)));
        assertTrue(evidence(unknown, "its name starts with a dot: hidden from ls"), dump(List.of(unknown)));
        assertEquals(List.of("T1036"), unknown.techniques());
        assertTrue(unknown.severity().compareTo(Severity.MEDIUM) >= 0, dump(List.of(unknown)));
    }
}
