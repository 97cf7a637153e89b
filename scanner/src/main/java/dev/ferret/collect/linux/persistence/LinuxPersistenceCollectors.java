package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.Collector;

import java.util.List;

/** Every Linux persistence collector; each reads one source, all work on a mounted image (--root). */
public final class LinuxPersistenceCollectors {
    private LinuxPersistenceCollectors() {
    }

    public static List<Collector> all() {
        return List.of(new CronCollector(), new InitCollector(), new SystemdCollector(), new ShellProfileCollector(),
                new SupervisordCollector(), new PreloadCollector(), new SshKeysCollector());
    }
}
