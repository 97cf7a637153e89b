package dev.ferret.respond;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@code respond --report}: a report file is whatever is on the analyst's disk, possibly
 * copied off the suspect host. Its documented bad input is {@link ReportFindings.BadReportException} (one line,
 * naming file and line); nothing else may escape.
 */
class ReportFindingsFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void report(byte[] input) throws Exception {
        Path file = Files.createTempFile("ferret-fuzz-report", ".jsonl");
        try {
            Files.write(file, input);
            Bounded.run("ReportFindings", () -> {
                try {
                    ReportFindings r = ReportFindings.read(file);
                    for (var f : r.findings()) {
                        assertFalse(f.ruleId().isEmpty(), "an alert kept without rule.id");
                    }
                } catch (ReportFindings.BadReportException expected) {
                    assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
                    assertFalse(expected.getMessage().contains("\n"), "one line");
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
