package dev.ferret.collect.linux.access;

import dev.ferret.collect.Collector;

import java.util.List;

/**
 * Every access collector (area "access"), in the order they must run: the logs and login records first (they tell
 * an image's "now" that the file timeline's window is measured from), the journal, then the rest. All work on a
 * mounted image (--root); the journal needs the platform's journalctl and says so in coverage when it is missing.
 */
public final class LinuxAccessCollectors {
    private LinuxAccessCollectors() {
    }

    public static List<Collector> all() {
        return all(AccessLimits.defaults());
    }

    public static List<Collector> all(AccessLimits limits) {
        return List.of(new UtmpCollector(limits), new LastlogCollector(limits), new SyslogCollector(limits),
                new JournalCollector(limits), new HistoryCollector(limits), new AuthorizedKeysCollector(limits),
                new ServiceCollector(limits), new PackageIntegrityCollector(limits), new FileTimelineCollector(limits));
    }
}
