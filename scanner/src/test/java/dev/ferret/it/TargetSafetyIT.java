package dev.ferret.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Target safety: a YARA scan of every process's memory leaves each target as it was — alive, in the same
 * scheduler state (a stopped process stays stopped), with the same threads and no resident-memory growth
 * (a target with 32 MiB of its 64 MiB never touched must not have the rest faulted in by the scan).
 */
class TargetSafetyIT {
    /** Pages a target may gain on its own (its stack, a timer): far below the 32 MiB a careless read adds. */
    private static final long RSS_SLACK_KB = 64;

    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void memoryScanLeavesTargetsAsTheyWere() throws IOException {
        Namespace.require("gcc");
        Path bin = Files.createDirectories(work.resolve("bin"));
        Gcc.compile(bin, "halfresident.c", "halfresident");

        ScriptResult run = Namespace.run(work, "target-safety.sh", Map.of("BIN", bin.toString()),
                Duration.ofSeconds(240)).succeeded();
        FerretRun ferret = run.ferret();
        assertTrue(ferret.exitCode() <= 1, "the memory scan must complete\n" + ferret);

        long totalDelta = 0;
        for (String pid : run.fact("PIDS").split(" ")) {
            String before = run.fact("BEFORE_" + pid);
            String after = run.fact("AFTER_" + pid);
            assertNotEquals("gone", after, "pid " + pid + " died during the memory scan\n" + run);
            String[] b = before.split(" ");
            String[] a = after.split(" ");
            assertEquals(b[0], a[0], "pid " + pid + " changed state (" + before + " -> " + after + ")\n" + run);
            assertEquals(b[2], a[2], "pid " + pid + " changed its thread count\n" + run);
            long delta = Long.parseLong(a[1]) - Long.parseLong(b[1]);
            totalDelta += delta;
            assertTrue(delta <= RSS_SLACK_KB, "pid " + pid + " grew by " + delta + " kB of resident memory\n" + run);
        }
        assertEquals("T", run.fact("AFTER_" + run.fact("STOPPED_PID")).split(" ")[0], "a stopped target stays stopped");
        long halfRss = Long.parseLong(run.fact("BEFORE_" + run.fact("HALF_PID")).split(" ")[1]);
        assertTrue(halfRss >= 32 * 1024 && halfRss < 60 * 1024, "the half-resident target is as planted: " + halfRss);
        System.out.printf("[TargetSafetyIT] %d targets, total RSS change %d kB, half-resident target %d kB%n",
                run.fact("PIDS").split(" ").length, totalDelta, halfRss);
    }
}
