package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live scan by an unprivileged user (nobody), next to a root-owned process it may not inspect: it
 * completes (exit 0 or 1, never 3, no stack trace) and its state record says what it could not see.
 * Runs in private namespaces so that it judges a known set of processes and empty temp dirs.
 */
class NonRootScanIT {
    private static final int NOBODY = 65534;

    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void scanAsNobodyCompletesAndReportsWhatItCouldNotSee() throws Exception {
        Namespace.require("setpriv");
        // nobody cannot read root's Maven repository: the script puts a copy of the class path where it can
        Path kit = Files.createDirectories(work.resolve("kit"));
        String kitClassPath = Ferret.portableClassPath(kit);
        String relative = Stream.of(kitClassPath.split(":")).map(e -> kit.relativize(Path.of(e)).toString())
                .collect(Collectors.joining(":"));

        ScriptResult script = Namespace.run(work, "nonroot-scan.sh", Map.of("KIT", kit.toString(), "KIT_CP", relative),
                Duration.ofSeconds(240)).succeeded();
        FerretRun run = script.ferret();
        int rootPid = script.pid("ROOT_PID");
        assertEquals("700 65534", script.fact("REPORT_DIR_MODE"), "the report dir is nobody's alone\n" + script);

        assertTrue(run.exitCode() == 0 || run.exitCode() == 1, "exit 0 or 1 as nobody\n" + run);
        assertFalse(run.stderr().contains("Exception") || run.stderr().contains("\tat "),
                "no stack trace on stderr\n" + run);
        for (String line : run.stderrLines()) {
            assertTrue(line.startsWith("ferret: "), "every stderr line is ferret's own message: " + line);
        }
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("ferret: warning: not running as root")),
                "the responder is told up front what a scan without root will miss\n" + run);
        List<Path> reports;
        try (Stream<Path> s = Files.list(work.resolve("reports"))) {
            reports = s.toList();
        }
        assertEquals(1, reports.size(), "one report in --output\n" + run);
        assertEquals(NOBODY, Files.getAttribute(reports.get(0), "unix:uid"), "written by nobody");

        Report report = Report.read(reports.get(0));
        assertTrue(report.state().at("/ferret/scan/live").asBoolean(), "a live scan");
        List<JsonNode> denied = report.gaps().stream()
                .filter(g -> g.at("/area").asText().equals("processes")
                        && g.at("/reason").asText().contains("permission denied") && g.at("/count").asLong() > 0)
                .toList();
        assertFalse(denied.isEmpty(), "the state must list the processes nobody could not read\n" + report.describe());
        assertTrue(denied.stream().anyMatch(g -> g.at("/examples").toString().contains("\"" + rootPid + "\"")),
                "the root-owned pid " + rootPid + " is among the examples: " + denied);
        System.out.println("[NonRootScanIT] permission gaps: " + denied);
        System.out.println("[NonRootScanIT] findings:\n" + report.describe());
    }
}
