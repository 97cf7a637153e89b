package dev.ferret.rules;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.files.SweepLocations;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Coverage;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.SignatureMatch;
import dev.ferret.model.Snapshot;
import dev.ferret.sweep.FileSweep;
import dev.ferret.sweep.Progress;
import dev.ferret.sweep.SweepOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ferret's own rule set through ferret's own engine: every positive sample matches the rule it is named
 * after, no negative sample matches anything (samples: signatures/src/test/resources/yara-samples).
 */
class BuiltInRulesTest {
    private static Path samples() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("signatures/src/test/resources/yara-samples"))) {
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(dir != null, "samples not found");
        return dir.resolve("signatures/src/test/resources/yara-samples");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void positivesMatchTheirRuleAndNegativesNothing(@TempDir Path root) throws Exception {
        copy(samples(), root);
        Process build;
        try {
            build = new ProcessBuilder("sh", root.resolve("build-samples.sh").toString()).inheritIO().start();
        } catch (IOException e) {
            Assumptions.assumeFalse(System.getenv("CI") == null, "no sh/gcc");
            throw e;
        }
        assertTrue(build.waitFor(120, TimeUnit.SECONDS) && build.exitValue() == 0, "build-samples.sh failed");

        Coverage coverage = new Coverage();
        Optional<LoadedRules> rules = RuleLoader.load(List.of(), true, coverage);
        assertTrue(rules.isPresent(), coverage.notes().toString());
        Snapshot snapshot = new Snapshot(root, false, coverage);
        try (LoadedRules loaded = rules.get()) {
            assertEquals(0, loaded.skipped().size(), loaded.skipped().toString());
            assertTrue(loaded.ruleCount() >= 20, "rules: " + loaded.ruleCount());
            SweepOptions options = new SweepOptions(List.of("/positive", "/negative"), 16 << 20, 2, 30, false, null,
                    List.of());
            new FileSweep(options, rules, DetectionData.builtIn().thresholds(), SweepLocations.builtIn(), false,
                    true, Progress.none()).collect(snapshot, CollectOptions.defaults());
        }
        int positives = 0;
        for (ScannedFile f : snapshot.scannedFiles()) {
            List<String> matched = f.matches().stream().map(SignatureMatch::rule).toList();
            if (f.path().startsWith("/negative/")) {
                assertEquals(List.of(), matched, f.path());
            } else {
                String name = f.path().substring(f.path().lastIndexOf('/') + 1);
                String expected = name.split("\\.|--", 2)[0];
                assertTrue(matched.contains(expected), f.path() + " matched " + matched);
                positives++;
            }
        }
        assertTrue(positives >= 30, "positives scanned: " + positives);
    }
}
