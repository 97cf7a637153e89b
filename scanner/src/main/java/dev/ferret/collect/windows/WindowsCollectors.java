package dev.ferret.collect.windows;

import dev.ferret.collect.Collector;

import java.util.List;

/**
 * The Windows collectors in dependency order: processes, then their modules (signatures per file) and unexplained
 * executable memory; sockets, then the SMB exposure (which needs the listeners); then persistence (services before
 * the rest, so the service facts exist when Run keys and tasks are judged). The host collector and the signature
 * areas (file sweep, memory scan with {@link dev.ferret.memory.windows.WindowsProcessMemory}) are added by the
 * caller as on Linux.
 */
public final class WindowsCollectors {
    private WindowsCollectors() {
    }

    /** The running Windows host, through JNA; the DoublePulsar probe is not run. */
    public static List<Collector> all() {
        return all(WindowsSources.live(), false);
    }

    /**
     * @param sources     live, recorded or recording sources
     * @param smbProbe    run the local DoublePulsar probe (an SMB conversation with the host's own server)
     */
    public static List<Collector> all(WindowsSources sources, boolean smbProbe) {
        return List.of(
                new WindowsProcessCollector(sources),
                new WindowsModuleCollector(sources),
                new WindowsMemoryCollector(sources),
                new WindowsSocketCollector(sources),
                new WindowsSmbCollector(sources, smbProbe),
                new WindowsServiceCollector(sources),
                new WindowsRunKeyCollector(sources),
                new WindowsTaskCollector(sources),
                new WindowsStartupCollector(sources),
                new WindowsWmiCollector(sources));
    }
}
