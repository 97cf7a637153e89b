package dev.ferret.memory;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.LinuxProcessCollector;
import dev.ferret.model.Coverage;
import dev.ferret.model.MemoryMatch;
import dev.ferret.model.Snapshot;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import dev.ferret.yara.YaraMatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YARA over the memory of a real process that holds a marker only in its heap. */
class MemoryScanTest {
    private static final String RULE = "rule Heap_Marker { strings: $m = \"FERRET-HEAP-MARKER\" condition: $m }";
    private Process target;

    @AfterEach
    void stop() {
        if (target != null) {
            target.destroyForcibly();
        }
    }

    private int startTarget(Path dir) throws Exception {
        Path source = dir.resolve("heap_marker.c");
        try (var in = getClass().getResourceAsStream("/memory/heap_marker.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("heap_marker");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O0", "-o", binary.toString(), source.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            Assumptions.assumeFalse(System.getenv("CI") == null, "gcc is not installed");
            throw e;
        }
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed");
        target = new ProcessBuilder(binary.toString()).start();
        String line = new BufferedReader(new InputStreamReader(target.getInputStream())).readLine();
        assertTrue(line != null && line.endsWith("ready"), "fixture did not start: " + line);
        return (int) target.pid();
    }

    private static long rssKb(int pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS");
    }

    @Test
    void findsTheHeapMarkerWithoutGrowingTheTarget(@TempDir Path dir) throws Exception {
        int pid = startTarget(dir);
        Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
        new LinuxProcessCollector().collect(snapshot, new CollectOptions(Duration.ofMillis(100), false));
        long before = rssKb(pid);
        try (LoadedRules rules = TestRules.compile(RULE)) {
            // the marker is only in memory: the program's file does not match
            List<YaraMatch> onDisk = rules.sets().get(0).scanFile(dir.resolve("heap_marker"), Map.of(), 10);
            assertTrue(onDisk.isEmpty(), "the fixture's binary must not contain the marker");

            new MemoryScan(new MemoryScanOptions(Set.of(pid), 256L << 20, 30, 10, 1), Optional.of(rules),
                    new LinuxProcessMemory()).collect(snapshot, CollectOptions.defaults());
        }
        long after = rssKb(pid);

        List<MemoryMatch> matches = snapshot.memoryMatches();
        assertEquals(1, matches.size(), matches.toString());
        MemoryMatch m = matches.get(0);
        assertEquals(pid, m.pid());
        assertEquals("Heap_Marker", m.matches().get(0).rule());
        assertTrue(m.perms().startsWith("rw"), m.region());
        // the untouched 512 MiB allocation is skipped, not faulted in: the target does not grow
        assertTrue(after - before <= 16, "target RSS grew from " + before + " kB to " + after + " kB");
        assertTrue(snapshot.coverage().counter("memory", "bytes read from memory") < 64L << 20,
                "only resident pages are read, not the whole 512 MiB allocation");
    }

    @Test
    void smapsParsing() {
        List<MemoryRegion> regions = LinuxProcessMemory.parseSmaps(String.join("\n",
                "55d0c0a00000-55d0c0a21000 r-xp 00002000 fd:01 1048602                    /usr/bin/sleep",
                "Size:                132 kB",
                "Rss:                 120 kB",
                "Private_Dirty:         0 kB",
                "Swap:                  0 kB",
                "VmFlags: rd ex mr mw me dw",
                "7f1c00000000-7f1c20000000 rw-p 00000000 00:00 0 ",
                "Rss:                   0 kB",
                "Private_Dirty:         0 kB",
                "7f1c30000000-7f1c30001000 rwxp 00000000 00:1f 77                         /tmp/x (deleted)",
                "Rss:                   4 kB",
                "Private_Dirty:         4 kB"));
        assertEquals(3, regions.size());
        assertEquals(120, regions.get(0).rssKb());
        assertEquals("/usr/bin/sleep", regions.get(0).path());
        assertTrue(regions.get(1).anonymous());
        assertTrue(regions.get(2).deleted());
        RegionPolicy policy = new RegionPolicy();
        assertEquals(RegionPolicy.Action.READ_FILE, policy.decide(regions.get(0)).action());
        assertEquals(RegionPolicy.Action.SKIP, policy.decide(regions.get(1)).action());
        assertEquals(RegionPolicy.Action.READ_MEMORY, policy.decide(regions.get(2)).action());
    }
}
