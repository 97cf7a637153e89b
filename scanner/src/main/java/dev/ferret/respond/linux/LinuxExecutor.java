package dev.ferret.respond.linux;

import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.apply.StepExecutor;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ferret.respond.linux.Execution.outcome;

/**
 * Carries out Linux steps, each through the handler of its action. Every change is preceded by its evidence (the
 * content goes into the store and is read back before anything is removed or rewritten) and followed by its undo
 * record; every step checks whether its work is already done, so applying a plan twice changes nothing the second
 * time.
 */
public final class LinuxExecutor implements StepExecutor {
    private final SignalHandler signals;
    private final Map<Class<? extends Action>, ActionHandler> handlers = new HashMap<>();

    /**
     * @param systemd systemd runs here and systemctl is available
     * @param live    the steps act on the running host (false: an image under --root)
     */
    public LinuxExecutor(Protection protection, ProcessControl control, Store store, CommandRunner runner,
                         Firewall firewall, boolean systemd, boolean live, MemoryDumper dumper, Clock clock,
                         String run) {
        Execution x = new Execution(protection, store, clock, run);
        signals = new SignalHandler(protection, control);
        CaptureHandler capture = new CaptureHandler(x, control, dumper);
        EditHandler edit = new EditHandler(x);
        QuarantineHandler quarantine = new QuarantineHandler(x);
        FirewallHandler firewallHandler = new FirewallHandler(x, runner, firewall);
        handlers.put(Action.Signal.class, signals);
        handlers.put(Action.CaptureFile.class, capture);
        handlers.put(Action.CaptureImage.class, capture);
        handlers.put(Action.DumpMemory.class, capture);
        handlers.put(Action.RemoveLines.class, edit);
        handlers.put(Action.RemovePreloadEntry.class, edit);
        handlers.put(Action.QuarantineFile.class, quarantine);
        handlers.put(Action.DisableUnit.class, new UnitHandler(x, runner, quarantine, systemd, live));
        handlers.put(Action.BlockAddress.class, firewallHandler);
        handlers.put(Action.BlockInbound.class, firewallHandler);
        handlers.put(Action.Notice.class, step -> outcome(step, Status.MANUAL, ((Action.Notice) step.action()).text()));
        handlers.put(Action.WindowsOperation.class, step -> outcome(step, Status.MANUAL,
                "a Windows step: not executed on this host"));
    }

    @Override
    public void begin(Plan plan) {
        for (Step s : plan.steps()) {
            if (s.executable() && s.action() instanceof Action.QuarantineFile q) {
                signals.malware(q.path());
            }
        }
    }

    @Override
    public Outcome execute(Step step) {
        ActionHandler handler = handlers.get(step.action().getClass());
        if (handler == null) {
            return outcome(step, Status.FAILED, "no executor for " + step.action().type());
        }
        try {
            return handler.execute(step);
        } catch (IOException | RuntimeException e) {
            return outcome(step, Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public List<Outcome> settle(StepKind finished, List<Step> steps) {
        return signals.settle(finished, steps);
    }
}
