package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Examine everything available: processes, network, persistence, files, YARA over files "
            + "and process memory, and how the intruder got in (logins, logs, changes, exposure).",
            "Read-only: nothing on the host is changed; the report goes where --output says."})
final class ScanCommand extends AreaCommand {
    @Option(names = "--skip", paramLabel = "AREA", split = ",",
            description = "Leave out areas: processes, network, persistence, files, sweep, memory, access.")
    List<String> skip = List.of();

    @Override
    Set<Area> areas() {
        EnumSet<Area> areas = EnumSet.of(Area.PROCESSES, Area.NETWORK, Area.PERSISTENCE, Area.FILES, Area.SWEEP,
                Area.MEMORY, Area.ACCESS);
        for (String name : skip) {
            try {
                Area area = Area.valueOf(name.strip().toUpperCase(Locale.ROOT));
                if (area == Area.HOST) {
                    throw new IllegalArgumentException();
                }
                areas.remove(area);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--skip: unknown area '" + name
                        + "' (expected processes, network, persistence, files, sweep, memory or access)");
            }
        }
        return areas;
    }
}
