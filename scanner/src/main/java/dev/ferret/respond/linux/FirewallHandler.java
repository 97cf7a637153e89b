package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Step;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.ferret.respond.linux.Execution.outcome;

/** Adds firewall rules (an address, inbound SMB/RPC ports), each with its undo record. */
final class FirewallHandler implements ActionHandler {
    private final Execution x;
    private final CommandRunner runner;
    private final Firewall firewall;
    private boolean firewallReady;

    FirewallHandler(Execution x, CommandRunner runner, Firewall firewall) {
        this.x = x;
        this.runner = runner;
        this.firewall = firewall;
    }

    @Override
    public Outcome execute(Step step) throws IOException {
        if (step.action() instanceof Action.BlockAddress b) {
            return block(step, firewall.block(b.ip()));
        }
        Action.BlockInbound b = (Action.BlockInbound) step.action();
        return block(step, firewall.blockInbound(b.tcp(), b.udp()));
    }

    private Outcome block(Step step, List<Firewall.Rule> rules) throws IOException {
        if (firewall.tool() == Firewall.Tool.NONE) {
            return outcome(step, Status.MANUAL, "neither iptables nor nft is on the PATH: run " + firewall.shell(rules));
        }
        if (!firewallReady && !firewall.setup().isEmpty()) {
            List<String> done = firewall.setupDone();
            if (done == null || !runner.run(done).ok()) {
                for (List<String> cmd : firewall.setup()) {
                    CommandRunner.Result r = runner.run(cmd);
                    if (!r.ok()) {
                        return outcome(step, Status.FAILED, String.join(" ", cmd) + " failed: " + r.output());
                    }
                }
                ObjectNode rec = x.undoBase(step, "firewall-delete", null);
                rec.set("command", x.strings(List.of(firewall.setup().get(0).get(0), "delete", "table", "inet",
                        Firewall.NFT_TABLE)));
                rec.set("check", x.strings(done));
                x.store.undo(rec);
            }
            firewallReady = true;
        }
        List<String> details = new ArrayList<>();
        int added = 0;
        for (Firewall.Rule rule : rules) {
            if (rule.check() != null && runner.run(rule.check()).ok()) {
                details.add(rule.description() + ": present already");
                continue;
            }
            CommandRunner.Result r = runner.run(rule.add());
            if (!r.ok()) {
                details.add(rule.description() + ": FAILED " + r.output());
                return outcome(step, Status.FAILED, String.join(" ", rule.add()) + " failed: " + r.output())
                        .withDetails(details);
            }
            added++;
            if (rule.delete() != null) {
                ObjectNode rec = x.undoBase(step, "firewall-delete", null);
                rec.put("description", rule.description());
                rec.set("command", x.strings(rule.delete()));
                if (rule.check() != null) {
                    rec.set("check", x.strings(rule.check()));
                }
                details.add(rule.description() + ": added (undo " + x.store.undo(rec) + ")");
            } else {
                details.add(rule.description() + ": added");
            }
        }
        return outcome(step, added == 0 ? Status.ALREADY_DONE : Status.DONE, added == 0 ? "every rule is in place "
                + "already" : "added " + added + " firewall rule(s) with " + firewall.tool().name().toLowerCase(
                java.util.Locale.ROOT)).withDetails(details);
    }
}
