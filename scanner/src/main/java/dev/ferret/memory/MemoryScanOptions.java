package dev.ferret.memory;

import java.util.Set;

/**
 * Bounds of the process-memory scan.
 *
 * @param pids              only these processes (empty: all but ferret itself and kernel threads)
 * @param maxBytesPerProcess bytes read from one process's memory at most
 * @param maxSecondsPerProcess time spent on one process at most
 */
public record MemoryScanOptions(Set<Integer> pids, long maxBytesPerProcess, int maxSecondsPerProcess,
                                int yaraTimeoutSeconds, int threads) {
    public MemoryScanOptions {
        pids = Set.copyOf(pids);
    }
}
