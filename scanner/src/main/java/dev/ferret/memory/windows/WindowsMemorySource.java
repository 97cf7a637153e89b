package dev.ferret.memory.windows;

import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.WindowsException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A Windows process's address space: VirtualQueryEx regions, ReadProcessMemory, and the working-set attributes
 * (QueryWorkingSetEx) that tell which pages are resident. JNA live, recorded in tests.
 */
public interface WindowsMemorySource {
    List<RegionEntry> regions(int pid) throws WindowsException;

    /** Reads up to {@code into.remaining()} bytes; returns the count read (a partial copy counts). */
    int read(int pid, long address, ByteBuffer into) throws WindowsException;

    /** PSAPI_WORKING_SET_EX_BLOCK of each page: bit 0 resident, bit 15 shared. */
    long[] workingSet(int pid, long address, int pages) throws WindowsException;
}
