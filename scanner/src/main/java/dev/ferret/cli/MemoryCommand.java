package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Scan the memory of running processes with YARA rules: resident pages only, "
            + "unmodified file mappings from their file, bounded per process; every region left out is counted."})
final class MemoryCommand extends AreaCommand {
    @Option(names = "--pid", paramLabel = "PID", description = "Only this process (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.MEMORY);
    }

    @Override
    Set<Integer> memoryPids() {
        return Set.copyOf(pids);
    }
}
