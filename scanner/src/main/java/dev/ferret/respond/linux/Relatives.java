package dev.ferret.respond.linux;

import dev.ferret.detect.PathJudge;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessRef;
import dev.ferret.respond.plan.ProcessTarget.Role;
import dev.ferret.respond.plan.Why;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live processes related to a group of findings. The processes findings name are the members. Their parents
 * are walked upwards while a parent shows evidence of belonging (it runs or names a file of the chains, runs from
 * a suspicious place, or its command line matches a miner or download-and-run pattern): a shell loop that
 * restarts the miner is its parent, and must be frozen first. Processes anywhere whose command line runs a file of
 * the chains are respawners too (a guardian that double-forked is no one's parent). Children of all of them are
 * the family. A script that loops and names a file of the chains (or the miner's own name) is a respawner too, though
 * the miner it restarts went through a subshell and is no longer its child. Walking stops at a protected process,
 * which is never added.
 */
final class Relatives {
    /** A process related to a group of findings, with the role and the reason it is in the plan. */
    record Related(LiveProcess process, Role role, String why) {
    }

    private final LinuxPlanner.Context ctx;
    private final PathJudge judge;
    private final Map<Integer, LiveProcess> table = new HashMap<>();
    private final Map<Integer, List<LiveProcess>> children = new HashMap<>();
    /** Pids a finding names that now belong to another process. */
    private final Map<Integer, String> mismatched = new LinkedHashMap<>();
    private final RespawnLoops respawner;

    Relatives(LinuxPlanner.Context ctx, PathJudge judge) {
        this.ctx = ctx;
        this.judge = judge;
        this.respawner = new RespawnLoops(ctx.root(), ctx.data().respawnLoops());
        if (ctx.live() && ctx.processesHere()) {
            for (LiveProcess p : ctx.processes().all()) {
                table.put(p.pid(), p);
            }
            for (LiveProcess p : table.values()) {
                children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            }
            children.values().forEach(l -> l.sort(Comparator.comparingInt(LiveProcess::pid)));
        }
    }

    /** Notes about pids that now run something else. */
    List<String> mismatched() {
        return List.copyOf(mismatched.values());
    }

    LiveProcess live(int pid) {
        LiveProcess p = table.get(pid);
        if (p == null && ctx.live() && ctx.processesHere()) {
            // a pid no listing shows (hidden in the kernel) is still looked up directly
            p = ctx.processes().get(pid).orElse(null);
            if (p != null) {
                table.put(pid, p);
            }
        }
        return p;
    }

    /** Files of a group that tie processes to it: what its findings name, run or refer to in suspicious places. */
    Set<String> chainFiles(List<Finding> findings) {
        Set<String> files = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (f.file() != null && LinuxPlanner.concrete(f.file().path())) {
                files.add(f.file().path());
            }
            if (f.process() != null && LinuxPlanner.concrete(f.process().executable())
                    && judge.judge(f.process().executable()).isPresent()) {
                files.add(f.process().executable());
            }
            if (f.persistence() != null) {
                for (String ref : f.persistence().references()) {
                    if (LinuxPlanner.concrete(ref) && judge.judge(ref).isPresent()) {
                        files.add(ref);
                    }
                }
            }
        }
        return files;
    }

    Map<Integer, Related> relate(List<Finding> findings) {
        Map<Integer, Related> related = new LinkedHashMap<>();
        if (!ctx.live() || !ctx.processesHere()) {
            return related;
        }
        Set<String> files = chainFiles(findings);
        for (Finding f : findings) {
            if (f.process() == null || f.process().pid() <= 0) {
                continue;
            }
            LiveProcess p = live(f.process().pid());
            if (p != null && !sameProcess(f.process(), p)) {
                mismatched.putIfAbsent(p.pid(), "pid " + p.pid() + " now runs " + (p.executable() != null
                        ? p.executable() : p.name()) + ", not " + (f.process().executable() != null
                        ? f.process().executable() : f.process().name()) + " as " + f.ruleId() + " saw it: the "
                        + "reported process is gone and its pid reused; left alone");
                continue;
            }
            if (p != null && !related.containsKey(p.pid())) {
                related.put(p.pid(), new Related(p, Role.MEMBER, Why.of(f)));
            }
        }
        // parents with evidence of belonging, walked upwards from each member (never from a protected one)
        for (Related m : List.copyOf(related.values())) {
            if (ctx.protection().refuseProcess(m.process()).isPresent()) {
                continue;
            }
            LiveProcess child = m.process();
            LiveProcess parent = live(child.ppid());
            while (parent != null && ctx.protection().refuseProcess(parent).isEmpty()) {
                Related known = related.get(parent.pid());
                if (known != null && known.role() == Role.MEMBER) {
                    child = parent;
                    parent = live(parent.ppid());
                    continue;
                }
                Optional<String> evidence = belongs(parent, files);
                if (evidence.isEmpty()) {
                    break;
                }
                related.putIfAbsent(parent.pid(), new Related(parent, Role.GUARDIAN, "guardian: parent of pid "
                        + child.pid() + " (" + child.name() + "); " + evidence.get()));
                child = parent;
                parent = live(parent.ppid());
            }
        }
        descendants(related);
        // processes anywhere that run a file of the chains: more copies of the malware, or respawners whose
        // command line runs its script (a guardian that double-forked is no one's parent), or whose script loops
        // and names a file of the chains or a member's executable (the miner it restarts through a subshell)
        Set<String> restarted = new LinkedHashSet<>(files);
        related.values().stream().filter(r -> r.role() == Role.MEMBER).map(r -> r.process().executable())
                .filter(LinuxPlanner::concrete).forEach(restarted::add);
        if (!restarted.isEmpty()) {
            for (LiveProcess p : table.values()) {
                if (related.containsKey(p.pid()) || ctx.protection().refuseProcess(p).isPresent()) {
                    continue;
                }
                if (p.executable() != null && files.contains(p.executable())) {
                    related.put(p.pid(), new Related(p, Role.MEMBER, "another process running " + p.executable()
                            + ", which the findings name"));
                } else {
                    Optional<String> why = refersTo(p, files).map(file -> "respawner: it runs " + file
                            + ", which the findings name").or(() -> respawner.loopsOver(p, restarted));
                    why.ifPresent(w -> related.put(p.pid(), new Related(p, Role.GUARDIAN, w)));
                }
            }
            descendants(related);
        }
        return related;
    }

    /** Adds every descendant of the related, unprotected processes as the family. */
    private void descendants(Map<Integer, Related> related) {
        Deque<LiveProcess> todo = new ArrayDeque<>();
        related.values().stream().map(Related::process).filter(p -> ctx.protection().refuseProcess(p).isEmpty())
                .forEach(todo::add);
        while (!todo.isEmpty()) {
            LiveProcess parent = todo.poll();
            for (LiveProcess c : children.getOrDefault(parent.pid(), List.of())) {
                if (related.containsKey(c.pid()) || ctx.protection().refuseProcess(c).isPresent()) {
                    continue;
                }
                related.put(c.pid(), new Related(c, Role.CHILD, "child of pid " + parent.pid() + " ("
                        + parent.name() + ")"));
                todo.add(c);
            }
        }
    }

    /** The live process is the one the finding saw: same executable (or, without one, same name). */
    private static boolean sameProcess(ProcessRef seen, LiveProcess now) {
        if (seen.executable() != null && now.executable() != null) {
            return seen.executable().equals(now.executable());
        }
        if (seen.name() != null && now.name() != null) {
            return now.name().startsWith(seen.name()) || seen.name().startsWith(now.name());
        }
        return true;
    }

    /** Why a parent belongs to the malicious family, if it does. */
    private Optional<String> belongs(LiveProcess p, Set<String> files) {
        Optional<String> ref = refersTo(p, files);
        if (ref.isPresent()) {
            return Optional.of("it runs " + ref.get() + ", which the findings name");
        }
        if (p.executable() != null && judge.judge(p.executable()).isPresent()) {
            return Optional.of("it runs from " + p.executable() + " (" + PathJudge.describe(judge.judge(p.executable())
                    .get()) + ")");
        }
        for (String arg : p.arguments()) {
            if (arg.startsWith("/") && judge.judge(arg).isPresent()) {
                return Optional.of("its command line runs " + arg + " ("
                        + PathJudge.describe(judge.judge(arg).get()) + ")");
            }
        }
        String cmd = p.commandLine();
        if (!ctx.data().persistenceCommands().matching(cmd).isEmpty()
                || !ctx.data().minerCommandLines().matching(cmd).isEmpty()) {
            return Optional.of("its command line is a download-and-run or miner command ('" + Why.abbreviate(cmd, 100)
                    + "')");
        }
        return Optional.empty();
    }

    private static Optional<String> refersTo(LiveProcess p, Set<String> files) {
        if (p.executable() != null && files.contains(p.executable())) {
            return Optional.of(p.executable());
        }
        for (String arg : p.arguments()) {
            if (files.contains(arg)) {
                return Optional.of(arg);
            }
        }
        return Optional.empty();
    }

    /** Distance from pid 1: parents come before children. */
    int depth(LiveProcess p) {
        int d = 0;
        Set<Integer> seen = new HashSet<>();
        LiveProcess cur = p;
        while (cur != null && cur.pid() > 1 && seen.add(cur.pid()) && d < 4096) {
            d++;
            cur = table.get(cur.ppid());
        }
        return d;
    }
}
