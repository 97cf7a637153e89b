package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferret.model.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes whose binary no longer exists on disk: a copy of sleep run from a private /tmp and deleted,
 * and a sleep run from an anonymous memory file (memfd_create + fexecve). One namespace, one scan, two
 * tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletedExecutableIT {
    private Path work;
    private ScriptResult run;
    private Report report;

    @BeforeAll
    void plantAndScan() throws IOException {
        Namespace.require("gcc", "mountpoint");
        work = BuildDirTempDirs.create(getClass().getSimpleName());
        Path bin = work.resolve("bin");
        Files.createDirectories(bin);
        Gcc.compile(bin, "memfdexec.c", "memfdexec");
        Path sleep = Path.of("/bin/sleep").toRealPath();
        run = Namespace.run(work, "deleted-executables.sh",
                Map.of("BIN", bin.toString(), "SLEEP", sleep.toString()), Duration.ofSeconds(120)).succeeded();
        report = run.ferret().report();
        System.out.println("[DeletedExecutableIT] findings:\n" + report.describe());
    }

    @Test
    void deletedExecutableIsReportedWithItsPid() {
        int pid = run.pid("DELETED_PID");
        assertEquals("/tmp/sleeper (deleted)", run.fact("DELETED_EXE_LINK"), "the plant: exe link is deleted\n" + run);
        JsonNode f = report.require("process.suspicious-executable", "for pid " + pid, x -> Report.pid(x) == pid);
        assertEquals("/tmp/sleeper", f.at("/process/executable").asText(), Report.summary(f));
        assertTrue(Report.reasons(f).stream().anyMatch(r -> r.contains("deleted") && r.contains("/tmp/sleeper")),
                "a reason must say the executable was deleted\n" + Report.summary(f));
        assertTrue(Report.atLeast(f, Severity.MEDIUM), Report.summary(f));
    }

    @Test
    void memoryOnlyExecutableIsReportedWithItsPid() {
        int pid = run.pid("MEMFD_PID");
        assertTrue(run.fact("MEMFD_EXE_LINK").startsWith("/memfd:payload"), "the plant runs from memfd\n" + run);
        JsonNode f = report.require("process.suspicious-executable", "for pid " + pid, x -> Report.pid(x) == pid);
        assertTrue(f.at("/process/executable").asText().startsWith("/memfd:payload"), Report.summary(f));
        assertTrue(Report.reasons(f).stream().anyMatch(r -> r.contains("memory")),
                "a reason must say the executable exists only in memory\n" + Report.summary(f));
        assertTrue(Report.atLeastHigh(f), Report.summary(f));
    }

    @org.junit.jupiter.api.AfterAll
    void cleanUp() throws IOException {
        if (work != null) {
            TreeCopy.deleteRecursively(work);
        }
    }
}
