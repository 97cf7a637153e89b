package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Step;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.ferret.respond.linux.Execution.outcome;

/**
 * Disables a systemd unit: systemctl on a live systemd host; elsewhere (an image, a container) the links that
 * enable it are quarantined.
 */
final class UnitHandler implements ActionHandler {
    private final Execution x;
    private final CommandRunner runner;
    private final QuarantineHandler quarantine;
    private final boolean systemd;
    private final boolean live;

    UnitHandler(Execution x, CommandRunner runner, QuarantineHandler quarantine, boolean systemd, boolean live) {
        this.x = x;
        this.runner = runner;
        this.quarantine = quarantine;
        this.systemd = systemd;
        this.live = live;
    }

    @Override
    public Outcome execute(Step step) throws IOException {
        return disableUnit(step, (Action.DisableUnit) step.action());
    }

    private Outcome disableUnit(Step step, Action.DisableUnit u) throws IOException {
        if (systemd && live) {
            List<String> base = new ArrayList<>(List.of(runner.which("systemctl").orElse("systemctl")));
            if (u.user() != null) {
                base.addAll(List.of("--user", "-M", u.user() + "@"));
            }
            String enabled = run(base, "is-enabled", u.unit()).output().strip();
            String active = run(base, "is-active", u.unit()).output().strip();
            boolean isEnabled = enabled.startsWith("enabled") || enabled.equals("alias") || enabled.equals("linked");
            boolean isActive = active.equals("active") || active.equals("activating") || active.equals("reloading");
            if (!isEnabled && !isActive) {
                return outcome(step, Status.ALREADY_DONE, u.unit() + " is " + enabled + " and " + active);
            }
            CommandRunner.Result r = run(base, "disable", "--now", u.unit());
            if (!r.ok()) {
                return outcome(step, Status.FAILED, "systemctl disable --now " + u.unit() + " failed: " + r.output());
            }
            ObjectNode rec = x.undoBase(step, "enable-unit", u.path());
            rec.put("unit", u.unit());
            if (u.user() != null) {
                rec.put("user", u.user());
            }
            rec.put("was_enabled", enabled);
            rec.put("was_active", active);
            String id = x.store.undo(rec);
            return outcome(step, Status.DONE, "disabled and stopped " + u.unit() + " (was " + enabled + ", " + active
                    + ")").withDetails(List.of("undo " + id));
        }
        // no running systemd (an image, a container): take away the links that enable the unit
        List<String> links = enablementLinks(u.unit());
        if (links.isEmpty()) {
            return outcome(step, Status.ALREADY_DONE, "no links enable " + u.unit() + " under " + x.protection.root());
        }
        List<String> details = new ArrayList<>();
        boolean failed = false;
        for (String link : links) {
            Outcome o = quarantine.quarantine(step, link);
            details.add(link + ": " + o.status().id() + " " + o.message());
            failed |= o.status() == Status.FAILED;
        }
        return outcome(step, failed ? Status.FAILED : Status.DONE, "took away " + links.size() + " link(s) enabling "
                + u.unit()).withDetails(details);
    }

    private CommandRunner.Result run(List<String> base, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of(args));
        return runner.run(cmd);
    }

    /** Symlinks named after the unit in the .wants/.requires directories of /etc/systemd and users' configs. */
    private List<String> enablementLinks(String unit) {
        List<String> dirs = new ArrayList<>(List.of("/etc/systemd/system", "/etc/systemd/user"));
        for (String home : homes()) {
            dirs.add(home + "/.config/systemd/user");
        }
        List<String> links = new ArrayList<>();
        for (String dir : dirs) {
            Path real = dev.ferret.collect.linux.persistence.RootedFiles.locate(x.protection.root(), dir);
            if (real == null || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(real)) {
                for (Path sub : s) {
                    String name = sub.getFileName().toString();
                    if ((name.endsWith(".wants") || name.endsWith(".requires") || name.endsWith(".upholds"))
                            && Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)
                            && Files.isSymbolicLink(sub.resolve(unit))) {
                        links.add(dir + "/" + name + "/" + unit);
                    }
                }
            } catch (IOException e) {
                // unreadable: nothing from it
            }
        }
        return links;
    }

    private List<String> homes() {
        List<String> homes = new ArrayList<>(List.of("/root"));
        Path home = dev.ferret.collect.linux.persistence.RootedFiles.locate(x.protection.root(), "/home");
        if (home != null) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(home)) {
                for (Path p : s) {
                    homes.add("/home/" + p.getFileName());
                }
            } catch (IOException e) {
                // no homes
            }
        }
        return homes;
    }
}
