package dev.ferret.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read-only proof: a live scan, a {@code --root} scan of a case-1 shaped image and a response plan
 * leave every planted path as it was — bytes, type, size, mode, owner, mtime, ctime and link target —
 * and the planted process running. The scans must really have read the plants (their findings are
 * asserted), or an empty comparison would prove nothing.
 */
class ReadOnlyScanIT {
    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void scansAndPlansChangeNothingTheyRead() throws IOException {
        Namespace.require("gcc", "ip", "mkfifo", "md5sum", "find", "pgrep");
        Path bin = Files.createDirectories(work.resolve("bin"));
        Gcc.compile(bin, "fakeminer.c", "fakeminer");
        Gcc.compile(bin, "halfresident.c", "halfresident");

        ScriptResult run = Namespace.run(work, "read-only-scan.sh", Map.of("BIN", bin.toString()),
                Duration.ofSeconds(300)).succeeded();
        System.out.printf("[ReadOnlyScanIT] %s paths and %s bytes compared, %s access times changed, %s reports%n",
                run.fact("FILES_COMPARED"), run.fact("BYTES_COMPARED"), run.fact("ATIME_CHANGED"),
                run.fact("REPORTS_WRITTEN"));

        Report live = Report.read(work.resolve("live.jsonl"));
        assertFalse(live.findings().isEmpty(), "the live scan found nothing: it cannot have read the plants\n" + run);
        Report offline = run.ferret().report();
        offline.require("linux.persistence.ld-preload", "in the image's /etc/ld.so.preload", f -> true);
        assertTrue(Integer.parseInt(run.fact("FILES_COMPARED")) >= 20, run.toString());

        String before = Files.readString(work.resolve("before.txt"));
        String after = Files.readString(work.resolve("after.txt"));
        assertEquals(before, after, "a scan or a plan changed what it read\n" + run);
        assertEquals("0", run.fact("CHANGED"), run.toString());
        assertEquals("1", run.fact("REPORTS_WRITTEN"), "exactly one report in the report folder\n" + run);
        assertEquals("yes", run.fact("PLANTED_ALIVE"), "a scan must never stop what it finds\n" + run);
    }
}
