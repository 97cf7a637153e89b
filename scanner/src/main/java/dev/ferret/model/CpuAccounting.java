package dev.ferret.model;

/**
 * CPU time over the sampling window, from two independent sources: the kernel's host-wide totals
 * (/proc/stat) and the sum over the processes the scanner can see. A hidden miner shows as the gap.
 *
 * @param windowSeconds     length of the window
 * @param hostBusyTicks     user+nice+system clock ticks spent host-wide in the window
 * @param visibleTicks      utime+stime ticks of visible processes in the window
 * @param ticksPerSecond    USER_HZ
 * @param nestedPidNamespace the scanner sees only part of the host's processes (container, unshare)
 */
public record CpuAccounting(double windowSeconds, long hostBusyTicks, long visibleTicks, long ticksPerSecond,
                            int logicalCpus, boolean nestedPidNamespace) {
    /** Busy CPU not attributed to any visible process, in percent of one core. */
    public double unaccountedPercentOfCore() {
        if (windowSeconds <= 0 || ticksPerSecond <= 0) {
            return 0;
        }
        return Math.max(0, hostBusyTicks - visibleTicks) * 100.0 / (ticksPerSecond * windowSeconds);
    }

    public double hostBusyPercentOfCore() {
        if (windowSeconds <= 0 || ticksPerSecond <= 0) {
            return 0;
        }
        return hostBusyTicks * 100.0 / (ticksPerSecond * windowSeconds);
    }
}
