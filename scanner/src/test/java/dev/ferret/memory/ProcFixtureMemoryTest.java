package dev.ferret.memory;

import dev.ferret.collect.linux.ProcTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory reader's three /proc sources (smaps, pagemap, mem) on a fixture tree. */
class ProcFixtureMemoryTest {
    private static final int PID = 4242;
    private static final long PAGE = 4096;

    @TempDir
    Path tmp;

    /** pagemap: one little-endian 64-bit entry per page, bit 63 set when the page is resident. */
    private static byte[] pagemap(long firstPage, boolean... present) {
        ByteBuffer b = ByteBuffer.allocate((int) ((firstPage + present.length) * 8)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < present.length; i++) {
            b.putLong((int) ((firstPage + i) * 8), present[i] ? (1L << 63) | (1000 + i) : 0);
        }
        return b.array();
    }

    @Test
    void smapsGivesRegionsWithResidencyAndTheDeletedMark() throws IOException {
        ProcTree proc = new ProcTree(tmp).text(PID + "/smaps",
                "00010000-00014000 r-xp 00000000 08:02 173521     /tmp/.x/xmrig (deleted)\n"
                        + "Size:                 16 kB\nRss:                   8 kB\nPrivate_Dirty:         4 kB\n"
                        + "Swap:                  0 kB\nVmFlags: rd ex mr mw me\n"
                        + "00020000-00021000 rw-p 00000000 00:00 0 \n"
                        + "Rss:                   4 kB\nSwap:                  4 kB\n");
        List<MemoryRegion> regions = new LinuxProcessMemory(proc.path()).regions(PID);
        assertEquals(2, regions.size(), regions.toString());
        MemoryRegion exe = regions.get(0);
        assertEquals(0x10000, exe.start());
        assertEquals(4 * PAGE, exe.size());
        assertEquals("/tmp/.x/xmrig", exe.path());
        assertTrue(exe.deleted());
        assertEquals(173521, exe.inode());
        assertEquals(8, exe.rssKb());
        assertEquals(4, exe.privateDirtyKb());
        MemoryRegion anon = regions.get(1);
        assertNull(anon.path());
        assertEquals(4, anon.swapKb());
    }

    @Test
    void pagemapGivesResidentRunsOnly() throws IOException {
        // pages 0x10..0x15: resident, resident, absent, resident, absent, resident
        ProcTree proc = new ProcTree(tmp).bytes(PID + "/pagemap",
                pagemap(0x10, true, true, false, true, false, true));
        MemoryRegion region = new MemoryRegion(0x10 * PAGE, 0x16 * PAGE, "r-xp", 0, null, false, 16, 0, 0);
        List<long[]> runs = new LinuxProcessMemory(proc.path()).residentRuns(PID, region);
        assertEquals(3, runs.size());
        assertArrayEquals(new long[] {0x10 * PAGE, 2 * PAGE}, runs.get(0));
        assertArrayEquals(new long[] {0x13 * PAGE, PAGE}, runs.get(1));
        assertArrayEquals(new long[] {0x15 * PAGE, PAGE}, runs.get(2), "a run reaching the region's end closes there");
    }

    @Test
    void memIsReadAtTheVirtualAddress() throws IOException {
        byte[] mem = new byte[0x3000];
        byte[] marker = "stratum+tcp://pool".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, mem, 0x2010, marker.length);
        ProcTree proc = new ProcTree(tmp).bytes(PID + "/mem", mem);
        ByteBuffer into = ByteBuffer.allocate(marker.length);
        assertEquals(marker.length, new LinuxProcessMemory(proc.path()).read(PID, 0x2010, into));
        assertArrayEquals(marker, into.array());
        ByteBuffer past = ByteBuffer.allocate(64);
        assertEquals(0, new LinuxProcessMemory(proc.path()).read(PID, 0x4000, past), "nothing mapped there");
    }

    @Test
    void aVanishedProcessIsAnIoErrorForTheCallerToCount() {
        LinuxProcessMemory memory = new LinuxProcessMemory(tmp);
        assertThrows(IOException.class, () -> memory.regions(99));
        assertFalse(tmp.resolve("99").toFile().exists());
    }
}
