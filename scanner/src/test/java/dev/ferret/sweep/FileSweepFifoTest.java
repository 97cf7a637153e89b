package dev.ferret.sweep;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.files.SweepLocations;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Coverage;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.Snapshot;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a regular file swapped for a FIFO (or a link) between the walk and the open must not block the
 * sweep. Before the fix, the open of a FIFO with no writer never returned and both sweep threads hung.
 */
class FileSweepFifoTest {
    private static final String RULE = "rule Fifo_Marker { strings: $m = \"FIFO-MARKER\" condition: $m }";

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoWhereTheWalkSawAFileIsRefusedNotWaitedFor(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("was-a-file");
        mkfifo(fifo);
        Path link = dir.resolve("now-a-link");
        Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        Coverage coverage = new Coverage();
        try (LoadedRules rules = TestRules.compile(RULE);
             FileScanner scanner = new FileScanner(null, rules.sets(), List.of(), FileKinds.builtIn(), PackageChecksums.none(),
                     new Digests(true, false), 1 << 20, 1 << 30, 10, coverage)) {
            // the walk said "regular file, 100 bytes": the scanner opens what is there now
            FileContent.NotRegularFile e = assertThrows(FileContent.NotRegularFile.class,
                    () -> scanner.scan(fifo, "/was-a-file", 100, Instant.now(), () -> "root"));
            assertEquals("a FIFO", e.getMessage());
            assertThrows(FileContent.NotRegularFile.class,
                    () -> scanner.scan(link, "/now-a-link", 100, Instant.now(), () -> "root"));
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSweepCompletesWhileFilesAreSwappedForFifos(@TempDir Path root) throws Exception {
        Path tree = root.resolve("tmp/race");
        Files.createDirectories(tree);
        int files = 400;
        for (int i = 0; i < files; i++) {
            Files.writeString(tree.resolve("f" + i), "FIFO-MARKER " + i);
        }
        mkfifo(tree.resolve("planted-fifo"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            // swap files for FIFOs and back, as an unprivileged user in /tmp could during a root scan
            int i = 0;
            while (!stop.get()) {
                Path f = tree.resolve("f" + (i++ % files));
                Path spare = tree.resolve(".spare");
                try {
                    mkfifo(spare);
                    Files.move(spare, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                    Files.writeString(spare, "FIFO-MARKER back");
                    Files.move(spare, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (Exception e) {
                    // the sweep may be reading it: try the next one
                }
            }
        }, "fifo-swapper");
        swapper.setDaemon(true);
        swapper.start();
        Snapshot snapshot;
        try (LoadedRules rules = TestRules.compile(RULE)) {
            int rounds = 0;
            do {
                snapshot = new Snapshot(root, false, new Coverage());
                SweepOptions options = new SweepOptions(List.of("/tmp"), 1 << 20, 2, 10, false, null, List.of());
                new FileSweep(options, Optional.of(rules), DetectionData.builtIn().thresholds(),
                        SweepLocations.builtIn(), false, false, Progress.none())
                        .collect(snapshot, new CollectOptions(Duration.ofMillis(100), false));
            } while (++rounds < 20 && swaps.get() < 50);
        } finally {
            stop.set(true);
            swapper.join(10_000);
        }
        assertTrue(swaps.get() > 0, "the race ran");
        List<ScannedFile> scanned = snapshot.scannedFiles();
        assertTrue(scanned.size() > files / 2, "the sweep went on past the swapped files: " + scanned.size());
        assertTrue(scanned.stream().allMatch(f -> f.matches().size() == 1), "every file read was scanned");
        assertTrue(snapshot.coverage().counter("sweep", "special files not opened") >= 1, "the planted FIFO");
    }
}
