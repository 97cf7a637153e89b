package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferret.report.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line contract a fleet deployment scripts against: exit codes (0 clean, 1 findings, 2 bad
 * usage or input), one-line errors, report file naming, --version, and malformed IOC lines reported and
 * never matched. Runs ferret in a separate JVM against small --root trees.
 */
class CliContractIT {
    // JUnit's default temp dir, not target/: ferret leaves its own build directory out of the signature sweep
    @TempDir
    Path work;

    private LinuxTree clean;
    /** A tree whose only finding is medium: an ELF hidden as /etc/.cache-helper. */
    private LinuxTree medium;

    @BeforeEach
    void trees() throws Exception {
        clean = new LinuxTree(Files.createDirectories(work.resolve("clean"))).identity("cli-clean", "Debian GNU/Linux 12");
        medium = new LinuxTree(Files.createDirectories(work.resolve("medium"))).identity("cli-host", "Debian GNU/Linux 12");
        medium.copyOf(Path.of("/bin/true").toRealPath(), "/etc/.cache-helper", "rwxr-xr-x");
    }

    private FerretRun ferret(String... args) {
        return Ferret.run(work, args);
    }

    @Test
    void unknownOptionIsExit2WithOneErrorLineAndAHint() {
        FerretRun run = ferret("scan", "--no-such-option", "--root", clean.root().toString());
        assertEquals(2, run.exitCode(), run.toString());
        List<String> lines = run.stderrLines();
        assertEquals(2, lines.size(), "exactly an error line and a hint\n" + run);
        assertTrue(lines.get(0).startsWith("ferret: ") && lines.get(0).contains("--no-such-option"), run.toString());
        assertEquals("Try 'ferret scan --help'.", lines.get(1), run.toString());
        assertEquals("", run.stdout(), "nothing on stdout");
    }

    @Test
    void badInputIsExit2WithAOneLineError() {
        Path missing = work.resolve("does-not-exist");
        assertFalse(Files.exists(missing));
        for (String[] args : List.of(
                new String[] {"scan", "--root", missing.toString()},
                new String[] {"scan", "--root", clean.root().toString(), "--iocs", missing.toString()},
                new String[] {"scan", "--root", clean.root().toString(), "--fail-on", "severe"},
                new String[] {"scan", "--root", clean.root().toString(), "--output", missing.resolve("x/y.jsonl").toString()})) {
            FerretRun run = ferret(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run);
            assertFalse(run.stderr().contains("Exception") || run.stderr().contains("\tat "), run.toString());
            assertTrue(run.stderrLines().get(0).startsWith("ferret: "), run.toString());
            assertTrue(run.stderrLines().size() <= 2, "a one-line error (plus a hint for usage errors)\n" + run);
            assertEquals("", run.stdout(), run.toString());
        }
        FerretRun badSeverity = ferret("scan", "--root", clean.root().toString(), "--fail-on", "severe");
        assertTrue(badSeverity.stderr().contains("info, low, medium, high or critical"),
                "the error lists the valid severities\n" + badSeverity);
    }

    @Test
    void outputDirectoryGetsANamedReport() throws Exception {
        Path out = Files.createDirectories(work.resolve("reports"));
        FerretRun run = ferret("scan", "--format", "jsonl", "--no-facts", "--root", medium.root().toString(),
                "--output", out.toString());
        assertEquals(0, run.exitCode(), "a medium finding is below the default --fail-on high\n" + run);
        assertEquals("", run.stdout(), "the report goes to the file, not stdout\n" + run);
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        String name = files.get(0).getFileName().toString();
        assertTrue(name.matches("ferret-cli-host-\\d{8}T\\d{6}Z\\.jsonl"), "ferret-<host>-<time>.jsonl, got " + name);
        Report report = Report.read(files.get(0));
        assertEquals("cli-host", report.state().at("/host/name").asText());
        assertTrue(run.stderr().contains(files.get(0).toString()), "the summary line says where the report went\n" + run);
    }

    @Test
    void failOnDecidesTheExitCode() {
        String tree = medium.root().toString();
        FerretRun info = ferret("scan", "--format", "jsonl", "--no-facts", "--root", tree, "--fail-on", "info");
        Report report = info.report();
        assertFalse(report.findings().isEmpty(), "the medium tree has findings\n" + report.describe());
        assertTrue(report.findings().stream().noneMatch(Report::atLeastHigh), report.describe());
        report.require("file.hidden-executable", "for /etc/.cache-helper",
                f -> "/etc/.cache-helper".equals(f.at("/file/path").asText()));
        assertEquals(1, info.exitCode(), "--fail-on info with findings: 1\n" + info);
        assertEquals(1, ferret("scan", "--root", tree, "--fail-on", "MEDIUM", "-q").exitCode());
        assertEquals(0, ferret("scan", "--root", tree, "-q").exitCode(), "default --fail-on high: 0");

        FerretRun cleanRun = ferret("scan", "--format", "jsonl", "--no-facts", "--root", clean.root().toString(),
                "--fail-on", "critical");
        assertEquals(0, cleanRun.exitCode(), cleanRun.toString());
        assertEquals(0, ferret("scan", "--root", clean.root().toString(), "--fail-on", "info", "-q").exitCode(),
                "no findings at all: 0 even with --fail-on info\n" + cleanRun.report().describe());
    }

    @Test
    void versionPrintsFerretAndTheBuildVersion() {
        FerretRun run = ferret("--version");
        assertEquals(0, run.exitCode(), run.toString());
        String first = run.stdout().lines().findFirst().orElse("");
        assertEquals("ferret " + Version.get(), first, run.toString());
        assertTrue(first.matches("ferret \\d+\\.\\d+\\.\\d+\\S*"), "a real version, not 'unknown': " + first);
    }

    @Test
    void truncatedMd5InAnIocFileIsReportedAndNeverMatched() throws Exception {
        LinuxTree tree = new LinuxTree(Files.createDirectories(work.resolve("ioc"))).identity("ioc-host", "Debian GNU/Linux 12");
        tree.bytes("/tmp/payload.bin", "case 1 miner stand-in\n".getBytes(), "rw-r--r--");
        tree.bytes("/tmp/dropper.bin", "a dropper stand-in\n".getBytes(), "rw-r--r--");
        String payloadMd5 = LinuxTree.md5(tree.path("/tmp/payload.bin"));
        String dropperMd5 = LinuxTree.md5(tree.path("/tmp/dropper.bin"));
        String truncated = payloadMd5.substring(0, 31);
        Path iocs = work.resolve("case1-hash-iocs.txt");
        Files.writeString(iocs, "# THREATS case 1 hash, as published (31 hex digits)\n"
                + truncated + ";case 1 miner (truncated in the source)\n"
                + "# a full hash, to prove the file is read\n"
                + dropperMd5 + ";test dropper\n");

        FerretRun run = ferret("scan", "--format", "jsonl", "--no-facts", "--root", tree.root().toString(),
                "--iocs", iocs.toString());
        Report report = run.report();
        String where = iocs + ":2";
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("ferret: warning: ") && l.contains(where)
                        && l.contains("31")), "a warning naming " + where + "\n" + run);
        assertFalse(run.stderr().contains("Exception"), run.toString());

        assertTrue(report.gaps().stream().anyMatch(g -> g.at("/area").asText().equals("signatures")
                        && g.toString().contains(where)),
                "the state record lists the unusable IOC line\n" + report.describe());
        // hash IOCs are matched by ioc.file (triage candidates) or ioc.sweep (the signature sweep)
        List<JsonNode> hashHits = report.findingsWithRulePrefix("ioc.");
        assertTrue(hashHits.stream().noneMatch(f -> "/tmp/payload.bin".equals(f.at("/file/path").asText())),
                "the file whose MD5 merely starts with the truncated hash must not match\n" + report.describe());
        assertTrue(report.findings().stream().noneMatch(f -> Report.text(f).contains(truncated)), report.describe());
        JsonNode dropper = hashHits.stream().filter(f -> "/tmp/dropper.bin".equals(f.at("/file/path").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(
                        "the full hash must match /tmp/dropper.bin (proves the file was read)\n" + report.describe()));
        assertTrue(Report.reasons(dropper).stream().anyMatch(r -> r.contains(dropperMd5)), Report.summary(dropper));
        assertEquals(1, run.exitCode(), run.toString());
    }
}
