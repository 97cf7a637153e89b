package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;

import java.util.EnumSet;
import java.util.Set;

@Command(name = "persistence", mixinStandardHelpOptions = true,
        description = {"What restarts malware: cron, init scripts, systemd units, shell profiles, supervisord, "
            + "/etc/ld.so.preload, SSH authorized_keys."})
final class PersistenceCommand extends AreaCommand {
    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.PERSISTENCE);
    }
}
