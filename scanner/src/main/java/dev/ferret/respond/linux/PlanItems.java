package dev.ferret.respond.linux;

import dev.ferret.data.IpLiteral;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ChainGroups;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.ProcessTarget.Role;
import dev.ferret.respond.plan.Why;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the selected finding groups ask the plan to act on, collected before any step is written: processes, files
 * to quarantine, lines to remove, units, preload entries, addresses, notices. Each target is kept once, with the
 * origin of every finding that asked for it. Persistence entries are handed to their mechanism's
 * {@link PersistenceResponse}.
 */
final class PlanItems {
    static final String PRELOAD_FILE = "/etc/ld.so.preload";
    private static final String COPY_RUN_DELETE = "linux.persistence.copy-run-delete";

    static final class ProcItem {
        final ProcessTarget target;
        final LiveProcess process;
        final Origin origin = new Origin();
        final String refusal;

        ProcItem(ProcessTarget target, LiveProcess process, String refusal) {
            this.target = target;
            this.process = process;
            this.refusal = refusal;
        }
    }

    static final class FileItem {
        final String path;
        final boolean persistence;
        final Origin origin;

        FileItem(String path, boolean persistence, Origin origin) {
            this.path = path;
            this.persistence = persistence;
            this.origin = origin;
        }
    }

    static final class EditItem {
        final String path;
        final String mechanism;
        final List<ExpectedLine> lines = new ArrayList<>();
        final Origin origin = new Origin();
        final boolean preload;
        String pokeDir;

        EditItem(String path, String mechanism, boolean preload) {
            this.path = path;
            this.mechanism = mechanism;
            this.preload = preload;
        }
    }

    /** A systemd unit to disable; user is set for a user unit. */
    record Unit(String path, String name, String user) {
    }

    /** One library on one line of /etc/ld.so.preload. */
    record PreloadEntry(int line, String library) {
    }

    final LinuxPlanner.Context ctx;
    private final PathJudge judge;
    private final Relatives relatives;
    private final Map<PersistenceKind, PersistenceResponse> mechanisms;
    final Map<Integer, ProcItem> procs = new LinkedHashMap<>();
    final Map<String, FileItem> files = new LinkedHashMap<>();
    final Map<String, EditItem> edits = new LinkedHashMap<>();
    final Map<PreloadEntry, Origin> preloadEntries = new LinkedHashMap<>();
    final Map<Unit, Origin> units = new LinkedHashMap<>();
    final Map<String, Origin> blocks = new LinkedHashMap<>();
    final Map<String, Origin> domains = new LinkedHashMap<>();
    final Map<String, Origin> notices = new LinkedHashMap<>();
    /** Notes about targets that are gone, one per pid or path. */
    final Map<String, String> missing = new LinkedHashMap<>();
    Origin smb;

    PlanItems(LinuxPlanner.Context ctx, PathJudge judge, Relatives relatives) {
        this.ctx = ctx;
        this.judge = judge;
        this.relatives = relatives;
        this.mechanisms = PersistenceResponse.linux();
    }

    void group(ChainGroups.Group g, PlanOptions options) {
        List<String> chains = g.chains();
        if (ctx.live() && ctx.processesHere()) {
            for (Relatives.Related r : relatives.relate(g.findings()).values()) {
                Finding f = g.findings().stream().filter(x -> x.process() != null
                        && x.process().pid() == r.process().pid()).findFirst().orElse(null);
                process(r.process(), r.role(), chains, f, r.why());
            }
            for (Finding f : g.findings()) {
                if (f.process() != null && f.process().pid() > 0 && relatives.live(f.process().pid()) == null) {
                    missing.putIfAbsent("pid:" + f.process().pid(), "pid " + f.process().pid() + " ("
                            + f.process().name() + ", " + f.ruleId() + ") is no longer running");
                }
            }
        } else if (ctx.live()) {
            for (Finding f : g.findings()) {
                if (f.process() != null && f.process().pid() > 0) {
                    reportedProcess(f, chains);
                }
            }
        }
        for (Finding f : g.findings()) {
            // a persistence entry's own file (authorized_keys, a crontab) is undone by its mechanism, line by line;
            // quarantining the whole file would take the owner's other keys and jobs with it
            boolean entryFile = f.persistence() != null && f.file() != null
                    && java.util.Objects.equals(f.file().path(), f.persistence().path());
            if (f.file() != null && f.file().path() != null && !entryFile) {
                findingFile(f, chains);
            }
            if (f.persistence() != null) {
                PersistenceEntry e = f.persistence();
                mechanisms.getOrDefault(e.mechanism(), mechanisms.get(PersistenceKind.OTHER)).plan(e, f, chains, this);
            }
            if (ctx.live()) {
                addresses(f, chains);
            }
        }
        if (options.blockSmb() && ctx.live() && smb == null) {
            smb = new Origin().add(chains, null, "asked for with --block-smb: SMB/RPC worms spread through "
                    + "135, 137-139 and 445");
        }
    }

    /**
     * The file a finding names. A name with shell pattern characters ([x]*, $(...)) is the file's real name when
     * it exists as written; anything else that names no single file gets a note, never silence.
     */
    private void findingFile(Finding f, List<String> chains) {
        String path = f.file().path();
        if (LinuxPlanner.concrete(path) || LinuxPlanner.literal(path) && ctx.protection().locate(path) != null) {
            file(path, false, chains, f, Why.of(f));
        } else {
            missing.putIfAbsent("file:" + path, path + " (" + f.ruleId() + ") names no single file (a pattern, a "
                    + "variable or a relative path" + (ctx.live() ? "" : ", or nothing in the image")
                    + "): review it by hand");
        }
    }

    /** A process of a report from another host: in the plan, refused. */
    private void reportedProcess(Finding f, List<String> chains) {
        var ref = f.process();
        LiveProcess p = new LiveProcess(ref.pid(), ref.ppid(), ref.name(), ref.executable(), false,
                ref.commandLine() == null ? List.of() : List.of(ref.commandLine()), -1, -1, '?', false);
        ProcessTarget t = new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(), ref.commandLine(), null,
                Role.MEMBER, -1);
        ProcItem item = procs.computeIfAbsent(p.pid(), k -> new ProcItem(t, p, "the report is from host "
                + ctx.elsewhere() + ": its pids mean nothing on " + ctx.host()));
        item.origin.add(chains, f, Why.of(f));
    }

    void process(LiveProcess p, Role role, List<String> chains, Finding f, String why) {
        ProcItem item = procs.get(p.pid());
        if (item == null) {
            String refusal = ctx.protection().refuseProcess(p).orElse(null);
            ProcessTarget t = new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(),
                    Why.abbreviate(p.commandLine(), 300), p.startTicks() >= 0 ? p.startTicks() : null, role,
                    relatives.depth(p));
            item = new ProcItem(t, p, refusal);
            procs.put(p.pid(), item);
            if (refusal == null) {
                String exe = p.executable();
                boolean suspicious = exe != null && judge.judge(exe).isPresent();
                if (exe != null && !p.exeDeleted() && (role == Role.MEMBER || suspicious)) {
                    file(exe, false, chains, f, "executable of " + t.describe() + (f != null ? ": " + Why.of(f) : ""));
                }
                if (role == Role.GUARDIAN) {
                    for (String arg : p.arguments()) {
                        if (LinuxPlanner.concrete(arg) && judge.judge(arg).isPresent() && !arg.equals(exe)) {
                            Path real = ctx.protection().locate(arg);
                            if (real != null && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                                file(arg, false, chains, f, "script run by guardian " + t.describe());
                            }
                        }
                    }
                }
            }
        }
        item.origin.add(chains, f, why);
    }

    /** A file to quarantine (persistence: it is itself what restarts the malware). */
    void file(String path, boolean persistence, List<String> chains, Finding f, String why) {
        FileItem item = files.get(path);
        if (item == null) {
            if (ctx.protection().locate(path) == null) {
                missing.putIfAbsent("file:" + path, path + " (" + (f != null ? f.ruleId() : "named by the plan")
                        + ") does not exist" + (ctx.live() ? "" : " in the image") + ": nothing to quarantine");
                return;
            }
            item = new FileItem(path, persistence, new Origin());
            files.put(path, item);
        } else if (persistence && !item.persistence) {
            item = new FileItem(path, true, item.origin.copy());
            files.put(path, item);
        }
        item.origin.add(chains, f, why);
    }

    /** Lines to remove from a file, every other byte kept. */
    void edit(String path, String mechanism, boolean preload, ExpectedLine line, String pokeDir,
              List<String> chains, Finding f) {
        if (ctx.protection().locate(path) == null) {
            missing.putIfAbsent("file:" + path, path + " (" + f.ruleId() + ", line " + line.line()
                    + ") does not exist" + (ctx.live() ? "" : " in the image") + ": nothing to edit");
            return;
        }
        EditItem item = edits.computeIfAbsent(path, k -> new EditItem(path, mechanism, preload));
        if (!item.lines.contains(line)) {
            item.lines.add(line);
        }
        if (pokeDir != null) {
            item.pokeDir = pokeDir;
        }
        item.origin.add(chains, f, Why.of(f));
    }

    void unit(Unit unit, List<String> chains, Finding f) {
        units.computeIfAbsent(unit, k -> new Origin()).add(chains, f, Why.of(f));
    }

    void preloadEntry(PreloadEntry entry, List<String> chains, Finding f) {
        preloadEntries.computeIfAbsent(entry, k -> new Origin()).add(chains, f, Why.of(f));
    }

    void notice(String text, List<String> chains, Finding f) {
        notices.computeIfAbsent(text, k -> new Origin()).add(chains, f, text);
    }

    /** The file is a package's own, unchanged: edited line by line, never quarantined whole. */
    boolean packaged(String path) {
        Path real = ctx.protection().locate(path);
        return real != null && ctx.protection().refuseFile(path, real).filter(r -> r.contains("package")).isPresent();
    }

    /** The line a finding quotes: one line, or (copy-run-delete) several in sequence. */
    static ExpectedLine lineOf(Finding f, int n, String command) {
        ExpectedLine.Match m = COPY_RUN_DELETE.equals(f.ruleId()) && command.contains(" ; ")
                ? ExpectedLine.Match.SEQUENCE : ExpectedLine.Match.EXACT;
        return new ExpectedLine(n, command, m);
    }

    private void addresses(Finding f, List<String> chains) {
        if (f.destination() != null && LinuxPlanner.blockable(f.destination().ip())) {
            blocks.computeIfAbsent(f.destination().ip(), k -> new Origin()).add(chains, f, Why.of(f));
        }
        List<String> texts = new ArrayList<>();
        if (f.persistence() != null && f.persistence().command() != null) {
            texts.add(f.persistence().command());
        }
        if (f.process() != null && f.process().commandLine() != null) {
            texts.add(f.process().commandLine());
        }
        for (String text : texts) {
            for (String host : LinuxPlanner.hosts(text)) {
                if (IpLiteral.looksLikeAddress(host)) {
                    if (LinuxPlanner.blockable(host)) {
                        blocks.computeIfAbsent(host, k -> new Origin()).add(chains, f, host + " appears in '"
                                + Why.abbreviate(text, 120) + "' (" + f.ruleId() + ")");
                    }
                } else if (host.contains(".")) {
                    domains.computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new Origin()).add(chains, f,
                            host + " appears in '" + Why.abbreviate(text, 120) + "' (" + f.ruleId() + ")");
                }
            }
        }
    }
}
