package dev.ferret.respond.linux;

import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ferret.respond.linux.Execution.outcome;

/**
 * Suspends and kills processes, each checked to be still the planned one; after the last suspend and kill steps,
 * settles what appeared meanwhile (a child forked before its parent stopped, a copy cron restarted).
 */
final class SignalHandler implements ActionHandler {
    private final Protection protection;
    private final ProcessControl control;
    /** Processes this run stopped or killed, by pid, with their start ticks. */
    private final Map<Integer, Long> stopped = new HashMap<>();
    private final Map<Integer, ProcessTarget> extra = new HashMap<>();
    private final Set<Integer> killed = new HashSet<>();
    /** Files the plan quarantines: a process that runs one of them after the plan was made is a respawn. */
    private final Set<String> malware = new LinkedHashSet<>();

    SignalHandler(Protection protection, ProcessControl control) {
        this.protection = protection;
        this.control = control;
    }

    /** A file the plan quarantines. */
    void malware(String path) {
        malware.add(path);
    }

    @Override
    public Outcome execute(Step step) {
        Action.Signal s = (Action.Signal) step.action();
        ProcessTarget t = s.process();
        boolean stop = s.signal().equals("STOP");
        ProcessControl.Report r = stop ? control.stop(t) : control.kill(t);
        return switch (r.result()) {
            case DONE -> {
                if (stop) {
                    stopped.put(t.pid(), t.startTicks());
                } else {
                    killed.add(t.pid());
                }
                yield outcome(step, Status.DONE, r.message());
            }
            case ALREADY -> {
                stopped.put(t.pid(), t.startTicks());
                yield outcome(step, Status.ALREADY_DONE, r.message());
            }
            case GONE -> outcome(step, stop ? Status.SKIPPED : Status.ALREADY_DONE, r.message());
            case MISMATCH -> outcome(step, Status.SKIPPED, r.message());
            case REFUSED -> outcome(step, Status.REFUSED, r.message());
            case FAILED -> outcome(step, Status.FAILED, r.message());
        };
    }

    List<Outcome> settle(StepKind finished, List<Step> steps) {
        if (finished == StepKind.SUSPEND) {
            return settleStopped(last(steps, StepKind.SUSPEND));
        }
        if (finished == StepKind.KILL) {
            return settleKilled(last(steps, StepKind.KILL));
        }
        return List.of();
    }

    private static String last(List<Step> steps, StepKind kind) {
        String id = "s?";
        for (Step s : steps) {
            if (s.kind() == kind) {
                id = s.id();
            }
        }
        return id;
    }

    /** Stops children that appeared before their parents stopped, and fresh copies of the malware. */
    private List<Outcome> settleStopped(String after) {
        List<Outcome> out = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<LiveProcess> found = newcomers(stopped.keySet());
            if (found.isEmpty()) {
                break;
            }
            for (LiveProcess p : found) {
                ProcessTarget t = target(p);
                ProcessControl.Report r = control.stop(t);
                String id = after + "." + (out.size() + 1);
                Status st = switch (r.result()) {
                    case DONE -> Status.DONE;
                    case ALREADY -> Status.ALREADY_DONE;
                    case GONE, MISMATCH -> Status.SKIPPED;
                    case REFUSED -> Status.REFUSED;
                    case FAILED -> Status.FAILED;
                };
                if (r.result() == ProcessControl.Result.DONE || r.result() == ProcessControl.Result.ALREADY) {
                    stopped.put(p.pid(), p.startTicks());
                    extra.put(p.pid(), t);
                }
                out.add(Outcome.of(id, StepKind.SUSPEND, "signal", t.describe(), st, "appeared after the plan ("
                        + why(p) + "): " + r.message()));
            }
        }
        return out;
    }

    /** Kills what settleStopped stopped, then whatever runs the malware again (cron, a missed respawner). */
    private List<Outcome> settleKilled(String after) {
        List<Outcome> out = new ArrayList<>();
        List<ProcessTarget> todo = new ArrayList<>(extra.values());
        for (int round = 0; round < 5; round++) {
            for (ProcessTarget t : todo) {
                if (killed.contains(t.pid())) {
                    continue;
                }
                ProcessControl.Report r = control.kill(t);
                Status st = switch (r.result()) {
                    case DONE -> Status.DONE;
                    case ALREADY, GONE -> Status.ALREADY_DONE;
                    case MISMATCH -> Status.SKIPPED;
                    case REFUSED -> Status.REFUSED;
                    case FAILED -> Status.FAILED;
                };
                killed.add(t.pid());
                out.add(Outcome.of(after + "." + (out.size() + 1), StepKind.KILL, "signal", t.describe(), st,
                        "not in the plan (" + (t.role() == ProcessTarget.Role.CHILD ? "appeared later" : "respawned")
                                + "): " + r.message()));
            }
            sleep(150);
            List<LiveProcess> found = newcomers(killed);
            if (found.isEmpty()) {
                break;
            }
            todo = found.stream().map(this::target).toList();
        }
        return out;
    }

    /** Live processes not handled yet that are children of handled ones or run a file the plan quarantines. */
    private List<LiveProcess> newcomers(Set<Integer> handled) {
        List<LiveProcess> found = new ArrayList<>();
        for (LiveProcess p : control.table().all()) {
            if (handled.contains(p.pid()) || killed.contains(p.pid()) || p.exited()
                    || protection.refuseProcess(p).isPresent()) {
                continue;
            }
            if (handled.contains(p.ppid()) || runsMalware(p)) {
                found.add(p);
            }
        }
        return found;
    }

    private boolean runsMalware(LiveProcess p) {
        if (p.executable() != null && malware.contains(p.executable())) {
            return true;
        }
        return p.arguments().stream().anyMatch(malware::contains);
    }

    private String why(LiveProcess p) {
        return stopped.containsKey(p.ppid()) || killed.contains(p.ppid()) ? "child of pid " + p.ppid()
                : "runs " + (p.executable() != null && malware.contains(p.executable()) ? p.executable()
                : p.arguments().stream().filter(malware::contains).findFirst().orElse("a quarantined file"));
    }

    private ProcessTarget target(LiveProcess p) {
        return new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(), p.commandLine(), p.startTicks(),
                stopped.containsKey(p.ppid()) ? ProcessTarget.Role.CHILD : ProcessTarget.Role.GUARDIAN, -1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
