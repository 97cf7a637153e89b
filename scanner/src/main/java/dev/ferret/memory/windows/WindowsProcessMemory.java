package dev.ferret.memory.windows;

import dev.ferret.collect.windows.WindowsSources;
import dev.ferret.memory.MemoryRegion;
import dev.ferret.memory.ProcessMemory;
import dev.ferret.os.windows.MemoryConstants;
import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.WindowsException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows process memory for the YARA memory scan, behind the same interface the Linux /proc reader fills:
 * committed regions from VirtualQueryEx (with "rwxp"-style permissions and the mapped file of image and mapped
 * sections), residency from the working set (QueryWorkingSetEx: only resident pages are read, so a scan never pages
 * anything in), and ReadProcessMemory for the bytes. Image and mapped pages still shared with their file count as
 * clean, so unmodified images are scanned from the file once per host, as on Linux.
 * <p>
 * Where QueryWorkingSetEx refuses another process (error 87 under Wine; hardened or old hosts) the page map is
 * unknown: every committed readable page is taken as resident and dirty, regions are read whole under the memory
 * scan's byte limit per process, and {@link #residencyUnknown(int)} says so for the coverage report.
 */
public final class WindowsProcessMemory implements ProcessMemory {
    static final long VALID = 1L;
    static final long SHARED = 1L << 15;
    /** Pages asked about per QueryWorkingSetEx call. */
    static final int PAGES_PER_QUERY = 1 << 16;

    private final WindowsMemorySource source;
    private final java.util.Map<Integer, String> residencyUnknown = new java.util.concurrent.ConcurrentHashMap<>();

    /** The running host, through JNA. */
    public WindowsProcessMemory() {
        this(WindowsSources.live().memory());
    }

    public WindowsProcessMemory(WindowsMemorySource source) {
        this.source = source;
    }

    @Override
    public List<MemoryRegion> regions(int pid) throws IOException {
        List<RegionEntry> raw;
        try {
            raw = source.regions(pid);
        } catch (WindowsException e) {
            throw io(e, pid);
        }
        List<MemoryRegion> out = new ArrayList<>();
        for (RegionEntry r : raw) {
            if (!r.committed()) {
                continue; // reserved address space is not memory
            }
            long resident = 0;
            long dirty = 0;
            if (MemoryConstants.readable(r.protect())) {
                try {
                    for (long[] chunk : workingSet(pid, r)) {
                        for (long attributes : chunk) {
                            if ((attributes & VALID) != 0) {
                                resident++;
                                if (r.type() == MemoryConstants.MEM_PRIVATE || (attributes & SHARED) == 0) {
                                    dirty++;
                                }
                            }
                        }
                    }
                } catch (WindowsException e) {
                    // 87 here is "not supported for this process", not "gone": an exited process fails its reads
                    residencyUnknown.putIfAbsent(pid, unknownResidency(e));
                    resident = r.size() / MemoryConstants.PAGE_SIZE; // unknown: assume resident, read under the limit
                    dirty = resident;
                }
            }
            String path = r.type() == MemoryConstants.MEM_PRIVATE ? null : r.mappedPath();
            long kb = MemoryConstants.PAGE_SIZE / 1024;
            out.add(new MemoryRegion(r.base(), r.end(), MemoryConstants.perms(r.protect(), r.type()), 0, path, false,
                    resident * kb, dirty * kb, 0));
        }
        return out;
    }

    private List<long[]> workingSet(int pid, RegionEntry r) throws WindowsException {
        List<long[]> chunks = new ArrayList<>();
        long pages = r.size() / MemoryConstants.PAGE_SIZE;
        for (long first = 0; first < pages; first += PAGES_PER_QUERY) {
            int n = (int) Math.min(PAGES_PER_QUERY, pages - first);
            chunks.add(source.workingSet(pid, r.base() + first * MemoryConstants.PAGE_SIZE, n));
        }
        return chunks;
    }

    @Override
    public List<long[]> residentRuns(int pid, MemoryRegion region) throws IOException {
        List<long[]> runs = new ArrayList<>();
        long pages = region.size() / MemoryConstants.PAGE_SIZE;
        long runStart = -1;
        try {
            for (long first = 0; first < pages; first += PAGES_PER_QUERY) {
                int n = (int) Math.min(PAGES_PER_QUERY, pages - first);
                long[] attributes = source.workingSet(pid, region.start() + first * MemoryConstants.PAGE_SIZE, n);
                for (int i = 0; i < n; i++) {
                    long address = region.start() + (first + i) * MemoryConstants.PAGE_SIZE;
                    boolean present = (attributes[i] & VALID) != 0;
                    if (present && runStart < 0) {
                        runStart = address;
                    } else if (!present && runStart >= 0) {
                        runs.add(new long[] {runStart, address - runStart});
                        runStart = -1;
                    }
                }
            }
        } catch (WindowsException e) {
            residencyUnknown.putIfAbsent(pid, unknownResidency(e));
            return List.of(new long[] {region.start(), region.size()}); // the whole region; the byte limit caps it
        }
        if (runStart >= 0) {
            runs.add(new long[] {runStart, region.end() - runStart});
        }
        return runs;
    }

    @Override
    public java.util.Optional<String> residencyUnknown(int pid) {
        return java.util.Optional.ofNullable(residencyUnknown.get(pid));
    }

    private static String unknownResidency(WindowsException e) {
        return "page residency unknown (" + e.getMessage() + "): committed regions read whole, up to the byte limit";
    }

    @Override
    public int read(int pid, long address, ByteBuffer into) throws IOException {
        int total = 0;
        try {
            while (into.hasRemaining()) {
                int n = source.read(pid, address + total, into);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
        } catch (WindowsException e) {
            if (total == 0) {
                throw io(e, pid);
            }
        }
        return total;
    }

    private static IOException io(WindowsException e, int pid) {
        if (e.accessDenied()) {
            return new AccessDeniedException("process " + pid, null, e.getMessage());
        }
        if (e.gone()) {
            return new NoSuchFileException("process " + pid, null, e.getMessage());
        }
        return new IOException(e.getMessage(), e);
    }
}
