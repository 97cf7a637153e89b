package dev.ferret.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Read access to another process's memory, one implementation per OS (Linux: /proc; Windows:
 * VirtualQueryEx and ReadProcessMemory). Readers never write and never make the target allocate.
 */
public interface ProcessMemory {
    /** The process's mappings with residency figures. */
    List<MemoryRegion> regions(int pid) throws IOException;

    /**
     * The parts of a region that are resident now, as {start, length} pairs; swapped-out and never-touched
     * pages are left out, so reading them cannot grow the target's memory.
     */
    List<long[]> residentRuns(int pid, MemoryRegion region) throws IOException;

    /**
     * Why this process's residency is only assumed (its page map could not be read, so regions are read whole under
     * the scan's byte limit), or empty when residency was known. Asked after {@link #regions(int)}.
     */
    default java.util.Optional<String> residencyUnknown(int pid) {
        return java.util.Optional.empty();
    }

    /** Reads {@code into.remaining()} bytes at {@code address}; returns the count read. */
    int read(int pid, long address, ByteBuffer into) throws IOException;
}
