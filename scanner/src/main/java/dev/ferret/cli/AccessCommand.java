package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;

import java.util.EnumSet;
import java.util.Set;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = {"How it got in: logins and brute force (wtmp, btmp, lastlog, auth logs, journal), wiped or "
            + "gapped logs, cleared histories, SSH keys added, changed package binaries, recent files, exposed "
            + "and outdated services."})
final class AccessCommand extends AreaCommand {
    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.ACCESS);
    }
}
