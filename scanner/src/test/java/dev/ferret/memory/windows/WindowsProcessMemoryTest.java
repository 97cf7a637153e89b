package dev.ferret.memory.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.collect.windows.WindowsProcessCollector;
import dev.ferret.collect.windows.WindowsRecording;
import dev.ferret.collect.windows.WindowsSources;
import dev.ferret.memory.MemoryRegion;
import dev.ferret.memory.MemoryScan;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.memory.RegionPolicy;
import dev.ferret.model.Coverage;
import dev.ferret.model.MemoryMatch;
import dev.ferret.model.Snapshot;
import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.WindowsException;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ProcessMemory the YARA memory scan reads through, filled from a recorded Windows address space: regions
 * with Linux-style permissions, residency from working-set bits, reads of resident pages only.
 */
class WindowsProcessMemoryTest {
    @TempDir
    Path disk;

    @Test
    void regionsCarryPermissionsResidencyAndBacking() throws Exception {
        WindowsRecording r = WindowsFixture.recording(WindowsFixture.CASE2, disk);
        List<MemoryRegion> regions = new WindowsProcessMemory(r).regions(884);
        MemoryRegion payload = regions.stream().filter(x -> x.start() == 0x1f0000).findFirst().orElseThrow();
        assertEquals("rwxp", payload.perms());
        assertTrue(payload.anonymous());
        assertEquals(0x2d000 / 1024, payload.rssKb());
        assertEquals(payload.rssKb(), payload.privateDirtyKb(), "private memory is all dirty");
        assertTrue(regions.stream().noneMatch(x -> x.start() == 0x21d000), "reserved address space is not memory");
        MemoryRegion image = regions.stream().filter(x -> "r-xs".equals(x.perms()) && x.path() != null
                && x.path().endsWith("snmpstorsrv.dll")).findFirst().orElseThrow();
        assertEquals(0, image.privateDirtyKb(), "image pages still shared with the file are clean");
        // on Windows that means: scan the file, not the process (the file is not on this Linux disk: memory then)
        assertEquals(RegionPolicy.Action.READ_MEMORY, new RegionPolicy().decide(payload).action());
    }

    @Test
    void onlyResidentPagesAreRead() throws Exception {
        WindowsRecording r = WindowsFixture.recording(WindowsFixture.CASE2, disk, j -> j.with("workingSet")
                .putArray("884").addObject().put("address", "0x1f4000").put("pages", 4).put("attributes", 0));
        WindowsProcessMemory memory = new WindowsProcessMemory(r);
        MemoryRegion payload = memory.regions(884).stream().filter(x -> x.start() == 0x1f0000).findFirst().orElseThrow();
        List<long[]> runs = memory.residentRuns(884, payload);
        assertEquals(2, runs.size());
        assertArrayEquals(new long[] {0x1f0000, 0x4000}, runs.get(0));
        assertArrayEquals(new long[] {0x1f8000, 0x2d000 - 0x8000}, runs.get(1));
        ByteBuffer b = ByteBuffer.allocate(2);
        assertEquals(2, memory.read(884, 0x1f0000, b));
        assertEquals("MZ", new String(b.array(), StandardCharsets.US_ASCII));
    }

    @Test
    void deniedProcessesAreAccessDeniedForTheScan() throws Exception {
        WindowsRecording r = WindowsFixture.recording(WindowsFixture.CASE2, disk,
                j -> j.with("regions").putObject("556").put("error", 5));
        assertThrows(AccessDeniedException.class, () -> new WindowsProcessMemory(r).regions(556));
    }

    @Test
    void withoutAPageMapRegionsAreReadWholeAndTheGapIsSaid() throws Exception {
        // Wine (and some hardened hosts) refuse QueryWorkingSetEx on another process with ERROR_INVALID_PARAMETER
        WindowsRecording r = WindowsFixture.recording(WindowsFixture.CASE2, disk,
                j -> j.with("workingSet").putObject("884").put("error", 87));
        WindowsProcessMemory memory = new WindowsProcessMemory(r);
        MemoryRegion payload = memory.regions(884).stream().filter(x -> x.start() == 0x1f0000).findFirst().orElseThrow();
        assertEquals(0x2d000 / 1024, payload.rssKb(), "taken as resident, so the policy does not skip it");
        assertEquals(RegionPolicy.Action.READ_MEMORY, new RegionPolicy().decide(payload).action());
        List<long[]> runs = memory.residentRuns(884, payload);
        assertEquals(1, runs.size());
        assertArrayEquals(new long[] {0x1f0000, 0x2d000}, runs.get(0));
        assertTrue(memory.residencyUnknown(884).orElseThrow().contains("87"), memory.residencyUnknown(884).toString());
        assertTrue(memory.residencyUnknown(556).isEmpty(), "only the process that refused is marked");
        ByteBuffer b = ByteBuffer.allocate(2);
        assertEquals(2, memory.read(884, 0x1f0000, b), "the bytes are still read");
    }

    @Test
    void largeRegionsAreAskedAboutInBoundedChunks() throws Exception {
        long size = (WindowsProcessMemory.PAGES_PER_QUERY + 10L) * 4096;
        int[] calls = {0};
        WindowsMemorySource big = new WindowsMemorySource() {
            @Override
            public List<RegionEntry> regions(int pid) {
                return List.of(new RegionEntry(0x10000000L, 0x10000000L, 0x04, size, 0x1000, 0x04, 0x20000, null));
            }

            @Override
            public int read(int pid, long address, ByteBuffer into) throws WindowsException {
                throw new WindowsException("ReadProcessMemory", WindowsException.ERROR_PARTIAL_COPY);
            }

            @Override
            public long[] workingSet(int pid, long address, int pages) {
                calls[0]++;
                assertTrue(pages <= WindowsProcessMemory.PAGES_PER_QUERY);
                return new long[pages]; // nothing resident
            }
        };
        WindowsProcessMemory memory = new WindowsProcessMemory(big);
        MemoryRegion region = memory.regions(1).get(0);
        assertEquals(0, region.rssKb());
        assertEquals(RegionPolicy.Action.SKIP, new RegionPolicy().decide(region).action(),
                "nothing resident: reading would page it in");
        assertTrue(memory.residentRuns(1, region).isEmpty());
        assertEquals(4, calls[0]);
    }

    @Test
    void yaraFindsTheReflectivePayloadThroughReadProcessMemory() throws Exception {
        String rule = "rule NrsMiner_Payload { strings: $m = \"NRSMINER-WORM-PAYLOAD\" condition: uint16(0) == 0x5A4D and $m }";
        LoadedRules rules;
        try {
            rules = TestRules.compile(rule);
        } catch (Exception | LinkageError e) {
            Assumptions.assumeTrue(false, "libyara not available: " + e);
            return;
        }
        try (rules) {
            WindowsRecording r = WindowsFixture.recording(WindowsFixture.CASE2, disk);
            Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
            new WindowsProcessCollector(WindowsSources.of(r)).collect(snapshot, new CollectOptions(Duration.ZERO, false));
            MemoryScan scan = new MemoryScan(new MemoryScanOptions(Set.of(884), 64L << 20, 30, 10, 1), Optional.of(rules),
                    new WindowsProcessMemory(r));
            scan.collect(snapshot, new CollectOptions(Duration.ZERO, false));
            List<MemoryMatch> matches = snapshot.memoryMatches();
            assertEquals(1, matches.size(), matches + " " + snapshot.coverage().gaps().stream()
                    .map(g -> g.reason() + g.examples()).toList());
            MemoryMatch m = matches.get(0);
            assertEquals(884, m.pid());
            assertEquals(0x1f0000, m.start());
            assertEquals("rwxp", m.perms());
            assertEquals("NrsMiner_Payload", m.matches().get(0).rule());
            assertTrue(snapshot.coverage().gaps().stream().noneMatch(g -> g.reason().startsWith("page residency")));

            // the same scan without a page map: still found, and the coverage says residency was assumed
            WindowsRecording noMap = WindowsFixture.recording(WindowsFixture.CASE2, disk.resolve("nomap"),
                    j -> j.with("workingSet").putObject("884").put("error", 87));
            Snapshot second = new Snapshot(Path.of("/"), true, new Coverage());
            new WindowsProcessCollector(WindowsSources.of(noMap)).collect(second, new CollectOptions(Duration.ZERO, false));
            new MemoryScan(new MemoryScanOptions(Set.of(884), 64L << 20, 30, 10, 1), Optional.of(rules),
                    new WindowsProcessMemory(noMap)).collect(second, new CollectOptions(Duration.ZERO, false));
            assertEquals(1, second.memoryMatches().size());
            assertTrue(second.coverage().hasGap("memory", second.coverage().gaps().stream()
                    .map(g -> g.reason()).filter(x -> x.startsWith("page residency unknown")).findFirst()
                    .orElseThrow()));
        }
    }
}
