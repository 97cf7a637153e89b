package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;

import java.util.EnumSet;
import java.util.Set;

@Command(name = "processes", mixinStandardHelpOptions = true,
        description = {"Processes only: hidden processes, miners, CPU use, suspicious executables and "
            + "libraries, preload hijacking."})
final class ProcessesCommand extends AreaCommand {
    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.PROCESSES);
    }
}
