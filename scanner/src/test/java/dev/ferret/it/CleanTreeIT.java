package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * False positives: {@code --root} over copies of this build machine's own /etc, /usr/bin and /usr/sbin
 * (a real, uncompromised system) must give no high or critical finding. Lower ones are printed for the
 * record. Files over 8 MB are left out to keep the copy small; they do not change what is judged here
 * (no detector in this scan reads big files in system paths).
 */
class CleanTreeIT {
    private static final long MAX_FILE = 8L << 20;

    // JUnit's default temp dir, not target/: ferret leaves its own build directory out of the signature sweep
    @TempDir
    Path work;

    @Test
    void thisMachinesOwnSystemFilesGiveNoHighFinding() throws Exception {
        Path image = Files.createDirectories(work.resolve("image"));
        for (String dir : List.of("/etc", "/usr/bin", "/usr/sbin")) {
            Path source = Path.of(dir);
            if (!Files.isDirectory(source)) {
                continue;
            }
            TreeCopy.Stats stats = TreeCopy.copy(source, image.resolve(dir.substring(1)), MAX_FILE);
            System.out.println("[CleanTreeIT] copied " + dir + ": " + stats);
        }
        assertTrue(Files.isDirectory(image.resolve("usr/bin")), "nothing copied");

        FerretRun run = Ferret.run(work, "scan", "--format", "jsonl", "--no-facts", "--root", image.toString());
        Report report = run.report();
        System.out.println("[CleanTreeIT] findings on a copy of this machine's system files:\n" + report.describe());

        List<JsonNode> serious = report.findings().stream().filter(Report::atLeastHigh).toList();
        assertTrue(serious.isEmpty(), "false positives on a clean system:\n" + Report.describe(serious));
        assertEquals(0, run.exitCode(), "no finding at or above high: exit 0\n" + run);
        assertTrue(report.state().at("/ferret/coverage/counters/files/files_listed").asLong() > 100,
                "the sweep must have looked at the copied files\n" + report.describe());
    }
}
