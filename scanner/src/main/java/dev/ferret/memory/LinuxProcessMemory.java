package dev.ferret.memory;

import dev.ferret.collect.linux.ProcFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux process memory through /proc: smaps for mappings and residency, pagemap for which pages are
 * present, and /proc/&lt;pid&gt;/mem reads of present pages only.
 */
public final class LinuxProcessMemory implements ProcessMemory {
    private static final long PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final String DELETED = " (deleted)";
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");
    /** An address range whose ends fit in 64 bits. */
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("[0-9a-f]{1,16}-[0-9a-f]{1,16}");
    private final Path proc;

    public LinuxProcessMemory() {
        this(Path.of("/proc"));
    }

    LinuxProcessMemory(Path proc) {
        this.proc = proc;
    }

    @Override
    public List<MemoryRegion> regions(int pid) throws IOException {
        return parseSmaps(ProcFiles.read(proc.resolve(pid + "/smaps")));
    }

    static List<MemoryRegion> parseSmaps(String text) {
        List<MemoryRegion> regions = new ArrayList<>();
        String[] header = null;
        long rss = 0;
        long dirty = 0;
        long swap = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (HEADER.matcher(line).lookingAt()) {
                if (header != null) {
                    regions.add(region(header, rss, dirty, swap));
                }
                header = line.strip().split("\\s+", 6);
                if (header.length < 2 || !RANGE.matcher(header[0]).matches()
                        || header.length > 4 && !header[4].matches("\\d{1,18}")) {
                    header = null; // not a mapping the kernel writes: its counters are dropped with it
                }
                rss = 0;
                dirty = 0;
                swap = 0;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            long kb = kilobytes(line.substring(colon + 1));
            switch (key) {
                case "Rss" -> rss = kb;
                case "Private_Dirty" -> dirty = kb;
                case "Swap" -> swap = kb;
                default -> {
                }
            }
        }
        if (header != null) {
            regions.add(region(header, rss, dirty, swap));
        }
        return regions;
    }

    private static MemoryRegion region(String[] f, long rss, long dirty, long swap) {
        int dash = f[0].indexOf('-');
        long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
        long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
        String path = f.length > 5 ? f[5] : null;
        boolean deleted = path != null && path.endsWith(DELETED);
        if (deleted) {
            path = path.substring(0, path.length() - DELETED.length());
        }
        return new MemoryRegion(start, end, f[1], f.length > 4 ? Long.parseLong(f[4]) : 0, path, deleted, rss, dirty,
                swap);
    }

    private static long kilobytes(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        try {
            return Long.parseLong(space > 0 ? v.substring(0, space) : v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<long[]> residentRuns(int pid, MemoryRegion region) throws IOException {
        long pages = region.size() / PAGE;
        List<long[]> runs = new ArrayList<>();
        ByteBuffer entries = ByteBuffer.allocate((int) Math.min(pages, 1 << 16) * 8).order(ByteOrder.nativeOrder());
        try (FileChannel pagemap = FileChannel.open(proc.resolve(pid + "/pagemap"), StandardOpenOption.READ)) {
            long runStart = -1;
            for (long first = 0; first < pages; ) {
                entries.clear();
                long batch = Math.min(pages - first, entries.capacity() / 8);
                entries.limit((int) batch * 8);
                long offset = (region.start() / PAGE + first) * 8;
                while (entries.hasRemaining()) {
                    if (pagemap.read(entries, offset + entries.position()) <= 0) {
                        break;
                    }
                }
                entries.flip();
                for (int i = 0; i < entries.limit() / 8; i++) {
                    long address = region.start() + (first + i) * PAGE;
                    boolean present = (entries.getLong(i * 8) & PRESENT) != 0;
                    if (present && runStart < 0) {
                        runStart = address;
                    } else if (!present && runStart >= 0) {
                        runs.add(new long[] {runStart, address - runStart});
                        runStart = -1;
                    }
                }
                first += batch;
            }
            if (runStart >= 0) {
                runs.add(new long[] {runStart, region.end() - runStart});
            }
        }
        return runs;
    }

    @Override
    public int read(int pid, long address, ByteBuffer into) throws IOException {
        int total = 0;
        try (FileChannel mem = FileChannel.open(proc.resolve(pid + "/mem"), StandardOpenOption.READ)) {
            while (into.hasRemaining()) {
                int n = mem.read(into, address + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
        }
        return total;
    }
}
