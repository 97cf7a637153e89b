package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;

import java.util.EnumSet;
import java.util.Set;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Examine everything available: processes, network, persistence, files, and YARA over files "
            + "and process memory.",
            "Read-only: nothing on the host is changed; the report goes where --output says."})
final class ScanCommand extends AreaCommand {
    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.PROCESSES, Area.NETWORK, Area.PERSISTENCE, Area.FILES, Area.SWEEP, Area.MEMORY);
    }
}
