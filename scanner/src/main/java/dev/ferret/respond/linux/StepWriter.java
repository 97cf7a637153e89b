package dev.ferret.respond.linux;

import dev.ferret.detect.PathJudge;
import dev.ferret.respond.Shell;
import dev.ferret.respond.linux.PlanItems.EditItem;
import dev.ferret.respond.linux.PlanItems.FileItem;
import dev.ferret.respond.linux.PlanItems.ProcItem;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.ProcessTarget.Role;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the steps for the collected items, in the response order: suspend (guardians, then members, then
 * children; parents before children) → evidence (deleted executables, memory dumps, every file that will be
 * changed or removed) → persistence → block → kill (same order as suspend) → quarantine → preload → notices.
 */
final class StepWriter {
    private final LinuxPlanner.Context ctx;
    private final PathJudge judge;
    private final PlanItems items;

    StepWriter(LinuxPlanner.Context ctx, PathJudge judge, PlanItems items) {
        this.ctx = ctx;
        this.judge = judge;
        this.items = items;
    }

    List<Step> steps(PlanOptions options, List<String> notes) {
        List<Step> out = new ArrayList<>();
        List<ProcItem> order = new ArrayList<>(items.procs.values());
        order.sort(Comparator.comparingInt((ProcItem p) -> p.target.role().ordinal())
                .thenComparingInt(p -> p.target.depth()).thenComparingInt(p -> p.target.pid()));
        // edits of files that are quarantined whole are pointless
        items.edits.keySet().removeIf(items.files::containsKey);
        Map<String, Origin> capture = new LinkedHashMap<>();
        Map<String, String> fileRefusals = new HashMap<>();
        for (FileItem f : items.files.values()) {
            Path real = ctx.protection().locate(f.path);
            String refusal = ctx.protection().refuseFile(f.path, real).orElse(null);
            fileRefusals.put(f.path, refusal);
            if (refusal == null) {
                capture.put(f.path, f.origin);
            }
        }
        Map<String, String> editRefusals = new HashMap<>();
        for (EditItem e : items.edits.values()) {
            String refusal = editRefusal(e.path);
            editRefusals.put(e.path, refusal);
            if (refusal == null) {
                capture.putIfAbsent(e.path, e.origin);
            }
        }
        if (!items.preloadEntries.isEmpty() && editRefusal(PlanItems.PRELOAD_FILE) == null) {
            capture.putIfAbsent(PlanItems.PRELOAD_FILE, items.preloadEntries.values().iterator().next());
        }
        for (ProcItem p : order) {
            out.add(step(StepKind.SUSPEND, p.origin, p.origin.reason(), p.target.describe(),
                    "kill -STOP " + p.target.pid(), p.refusal, new Action.Signal(p.target, "STOP")));
        }
        for (ProcItem p : order) {
            processEvidence(p, options, out);
        }
        for (Map.Entry<String, Origin> c : capture.entrySet()) {
            String path = c.getKey();
            Origin o = c.getValue();
            out.add(step(StepKind.EVIDENCE, o, "keep " + path + " (content, hashes, owner, mode, times) before it "
                            + "is changed: " + o.reason(), path,
                    "sha256sum " + word(path) + " && cp --preserve=all " + word(path) + " "
                            + store(""), null, new Action.CaptureFile(path)));
        }
        for (Map.Entry<PlanItems.Unit, Origin> u : items.units.entrySet()) {
            out.add(unitStep(u.getKey(), u.getValue()));
        }
        for (EditItem e : items.edits.values()) {
            if (!e.preload) {
                out.add(editStep(StepKind.PERSISTENCE, e, editRefusals.get(e.path)));
            }
        }
        for (FileItem f : items.files.values()) {
            if (f.persistence) {
                out.add(quarantineStep(StepKind.PERSISTENCE, f, fileRefusals.get(f.path)));
            }
        }
        blockSteps(out);
        for (ProcItem p : order) {
            if (p.refusal == null) {
                out.add(step(StepKind.KILL, p.origin, p.origin.reason(), p.target.describe(),
                        "kill -KILL " + p.target.pid(), null, new Action.Signal(p.target, "KILL")));
            }
        }
        for (FileItem f : items.files.values()) {
            if (!f.persistence) {
                out.add(quarantineStep(StepKind.QUARANTINE, f, fileRefusals.get(f.path)));
            }
        }
        for (Map.Entry<PlanItems.PreloadEntry, Origin> pe : items.preloadEntries.entrySet()) {
            int line = pe.getKey().line();
            String library = pe.getKey().library();
            out.add(step(StepKind.PRELOAD, pe.getValue(), "stop preloading " + library + " into every program: "
                            + pe.getValue().reason(), PlanItems.PRELOAD_FILE + ":" + line + " " + library,
                    "sed -i " + Shell.quote("\\#^" + library + "$#d;s#" + library + "##") + " "
                            + word(PlanItems.PRELOAD_FILE), editRefusal(PlanItems.PRELOAD_FILE),
                    new Action.RemovePreloadEntry(PlanItems.PRELOAD_FILE, line, library)));
        }
        for (EditItem e : items.edits.values()) {
            if (e.preload) {
                out.add(editStep(StepKind.PRELOAD, e, editRefusals.get(e.path)));
            }
        }
        for (Map.Entry<String, Origin> d : items.domains.entrySet()) {
            out.add(manual(step(StepKind.NOTICE, d.getValue(), "block " + d.getKey() + " at the DNS resolver or "
                    + "egress proxy (ferret blocks addresses, not names): " + d.getValue().reason(), d.getKey(),
                    null, null, new Action.Notice("block " + d.getKey() + " at the resolver or proxy"))));
        }
        for (Map.Entry<String, Origin> n : items.notices.entrySet()) {
            out.add(manual(step(StepKind.NOTICE, n.getValue(), n.getKey(), null, null, null,
                    new Action.Notice(n.getKey()))));
        }
        notes.addAll(items.missing.values());
        return select(out, options, notes);
    }

    /** The deleted executable and, when asked for, the memory of a process that will be killed. */
    private void processEvidence(ProcItem p, PlanOptions options, List<Step> out) {
        if (p.refusal == null && p.process.exeDeleted()) {
            out.add(step(StepKind.EVIDENCE, p.origin, p.target.executable() + " was deleted while "
                            + p.target.describe() + " runs: /proc/" + p.target.pid() + "/exe is the only copy",
                    "/proc/" + p.target.pid() + "/exe", "cp /proc/" + p.target.pid() + "/exe "
                            + store("pid" + p.target.pid() + ".exe"), null,
                    new Action.CaptureImage(p.target)));
        }
        boolean suspicious = p.target.executable() != null && judge.judge(p.target.executable()).isPresent();
        if (p.refusal == null && options.dumpMemory()
                && (p.target.role() == Role.MEMBER || p.target.role() == Role.GUARDIAN && suspicious)) {
            out.add(step(StepKind.EVIDENCE, p.origin, "memory of " + p.target.describe()
                            + " while it is suspended (asked for with --dump-memory)", "memory of pid "
                            + p.target.pid(), "gcore -o " + store("core") + " " + p.target.pid(), null,
                    new Action.DumpMemory(p.target)));
        }
    }

    private Step unitStep(PlanItems.Unit unit, Origin o) {
        String user = unit.user();
        String shell = !ctx.live()
                ? "systemctl --root=" + Shell.quote(ctx.root().toString()) + (user != null ? " --global" : "")
                + " disable " + Shell.quote(unit.name())
                : user != null && ctx.systemd() ? "systemctl --user -M " + Shell.quote(user + "@") + " disable --now "
                + Shell.quote(unit.name()) : "systemctl disable --now " + Shell.quote(unit.name());
        String how = ctx.live() && ctx.systemd() ? "" : " (no running systemd: its enablement links under "
                + "/etc/systemd are quarantined instead)";
        return step(StepKind.PERSISTENCE, o, "disable unit " + unit.name() + how + ": " + o.reason(),
                unit.name() + " (" + unit.path() + ")", shell, null,
                new Action.DisableUnit(unit.path(), unit.name(), user));
    }

    private void blockSteps(List<Step> out) {
        boolean none = ctx.firewall().tool() == Firewall.Tool.NONE;
        for (Map.Entry<String, Origin> b : items.blocks.entrySet()) {
            List<Firewall.Rule> rules = ctx.firewall().block(b.getKey());
            String refusal = ctx.processesHere() ? null : "the findings are from host " + ctx.elsewhere()
                    + ": block " + b.getKey() + " there";
            Step s = step(StepKind.BLOCK, b.getValue(), "drop traffic to and from " + b.getKey() + ": "
                    + b.getValue().reason() + (none ? " (neither iptables nor nft is on the PATH: run these where a "
                    + "firewall tool is)" : ""), b.getKey(), ctx.firewall().shell(rules), refusal,
                    new Action.BlockAddress(b.getKey()));
            out.add(none && refusal == null ? manual(s) : s);
        }
        if (items.smb != null) {
            List<Integer> tcp = List.of(135, 139, 445);
            List<Integer> udp = List.of(137, 138);
            Step s = step(StepKind.BLOCK, items.smb, items.smb.reason(), "inbound tcp/135,139,445 udp/137,138",
                    ctx.firewall().shell(ctx.firewall().blockInbound(tcp, udp)), ctx.processesHere() ? null
                            : "the findings are from host " + ctx.elsewhere(), new Action.BlockInbound(tcp, udp));
            out.add(none && ctx.processesHere() ? manual(s) : s);
        }
    }

    /** Keeps the kinds the responder asked for (and those an offline image allows), noting what was left out. */
    private List<Step> select(List<Step> out, PlanOptions options, List<String> notes) {
        List<Step> kept = new ArrayList<>();
        Set<StepKind> dropped = new LinkedHashSet<>();
        for (Step s : out) {
            if (!options.wants(s.kind()) && s.kind() != StepKind.NOTICE) {
                dropped.add(s.kind());
            } else if (!ctx.live() && s.kind().liveOnly()) {
                dropped.add(s.kind());
            } else {
                kept.add(s);
            }
        }
        if (!dropped.isEmpty() && ctx.live()) {
            notes.add("left out by --only/--skip: " + String.join(", ", dropped.stream().map(StepKind::id).toList()));
        }
        if (dropped.contains(StepKind.KILL) && kept.stream().anyMatch(s -> s.kind() == StepKind.SUSPEND
                && s.executable())) {
            notes.add("without kill steps the suspended processes stay stopped: resume with kill -CONT PID or "
                    + "end them with kill -KILL PID");
        }
        return kept;
    }

    private String editRefusal(String path) {
        Path real = ctx.protection().locate(path);
        if (real == null) {
            return path + " does not exist";
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return path + " is not a regular file";
        }
        return null;
    }

    private Step editStep(StepKind kind, EditItem e, String refusal) {
        List<Integer> numbers = e.lines.stream().map(ExpectedLine::line).sorted().toList();
        StringBuilder sed = new StringBuilder();
        for (int i = numbers.size() - 1; i >= 0; i--) {
            sed.append(sed.length() > 0 ? ";" : "").append(numbers.get(i)).append('d');
        }
        String shell = "sed -i " + Shell.quote(sed.toString()) + " " + word(e.path)
                + (e.pokeDir != null ? " && touch " + word(e.pokeDir) : "");
        String what = e.mechanism.equals(dev.ferret.model.PersistenceKind.SUPERVISORD.id())
                ? "the [program] section at line " : numbers.size() == 1 ? "line " : "lines ";
        String target = e.path + ":" + String.join(",", numbers.stream().map(String::valueOf).toList());
        return step(kind, e.origin, "remove " + what + String.join(", ", numbers.stream().map(String::valueOf)
                        .toList()) + " of " + e.path + " (every other byte kept): " + e.origin.reason(), target, shell,
                refusal, new Action.RemoveLines(e.path, e.mechanism, e.lines, e.pokeDir));
    }

    private Step quarantineStep(StepKind kind, FileItem f, String refusal) {
        Path real = ctx.protection().locate(f.path);
        String replaced = ctx.protection().replacedPackageFile(f.path, real).map(s -> " (" + s + ")").orElse("");
        String what = kind == StepKind.PERSISTENCE ? "take away " + f.path + " (moved into the quarantine store)"
                : "move " + f.path + " into the quarantine store";
        return step(kind, f.origin, what + replaced + ": " + f.origin.reason(), f.path,
                "mv " + word(f.path) + " " + store(""), refusal, new Action.QuarantineFile(f.path));
    }

    private static Step step(StepKind kind, Origin o, String reason, String target, String shell, String refusal,
                             Action action) {
        return o.step(kind, reason, target, shell, null, refusal, false, action);
    }

    static Step manual(Step s) {
        return new Step(s.id(), s.kind(), s.chains(), s.rules(), s.reason(), s.target(), s.shell(), s.powershell(),
                s.refusal(), true, s.action());
    }

    /**
     * A host path as a shell word for the machine the plan runs on: inside the image for an offline plan (a plan
     * made with --root must never name the analyst's own /etc).
     */
    private String word(String hostPath) {
        if (ctx.live()) {
            return Shell.quote(hostPath);
        }
        String root = ctx.root().toString();
        return Shell.quote((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + hostPath);
    }

    private String store(String name) {
        String dir = ctx.store() != null ? Shell.quote(ctx.store()) : "\"$STORE\"";
        return name.isEmpty() ? dir + "/" : dir + "/" + name;
    }
}
