package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;

import java.util.EnumSet;
import java.util.Set;

@Command(name = "network", mixinStandardHelpOptions = true,
        description = {"Sockets only: connections to pools and C2 addresses, sockets with no visible owner."})
final class NetworkCommand extends AreaCommand {
    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.NETWORK);
    }
}
