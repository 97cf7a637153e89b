package dev.ferret.respond.linux;

import dev.ferret.data.DetectionData;
import dev.ferret.data.IpLiteral;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Severity;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ChainGroups;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.ProcessTarget.Role;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Linux findings into an ordered response plan.
 * <p>
 * <b>Which processes.</b> The processes findings name are the members. Their parents are walked upwards while a
 * parent shows evidence of belonging (it runs or names a file of the chains, runs from a suspicious place, or its
 * command line matches a miner or download-and-run pattern): a shell loop that restarts the miner is its parent,
 * and must be frozen first. Processes anywhere whose command line runs a file of the chains are respawners too
 * (a guardian that double-forked is no one's parent). Children of all of them are the family. Walking stops at a
 * protected process (pid 1, ferret's own ancestors, critical daemons), which is never added.
 * <p>
 * <b>Which chains.</b> Chains whose processes or files meet through that expansion are one story; a story is acted
 * on when its worst finding reaches the requested severity (or the responder named one of its chains).
 * <p>
 * <b>Order.</b> suspend (guardians, then members, then children; parents before children) → evidence (deleted
 * executables, memory dumps, every file that will be changed or removed) → persistence (cron lines, units,
 * profile scripts, rc links, supervisord programs, keys) → block → kill (same order as suspend) → quarantine →
 * preload → notices.
 */
public final class LinuxPlanner {
    private static final Pattern URL_HOST = Pattern.compile(
            "(?i)\\b(?:https?|ftp|tcp|udp|stratum\\+(?:tcp|ssl|tls))://\\[?([0-9A-Za-z.:-]+?)\\]?(?::\\d+)?(?=[/\\s'\"|;&)]|$)");
    private static final Pattern OPTION_HOST = Pattern.compile("(?:^|\\s)(?:-o|--url[= ])\\s*([A-Za-z0-9.-]+):\\d{2,5}(?=\\s|$)");
    private static final Pattern RC_LINK = Pattern.compile("^/etc/(rc\\.d/)?rc[0-6S]\\.d/[^/]+$");
    private static final String PRELOAD_FILE = "/etc/ld.so.preload";
    private static final String COPY_RUN_DELETE = "linux.persistence.copy-run-delete";

    /**
     * What the planner knows about the host.
     *
     * @param processesHere true when the findings' pids are this host's (a live scan, or a report of this host)
     * @param systemd       systemd runs here and systemctl is available
     * @param store         the store directory when given (for the printed commands), else null
     */
    public record Context(String host, Path root, boolean live, boolean processesHere, String elsewhere,
                          ProcessTable processes, Protection protection, DetectionData data, Firewall firewall,
                          boolean systemd, String store) {
    }

    private final Context ctx;
    private final PathJudge judge;
    private final Map<Integer, LiveProcess> table = new HashMap<>();
    private final Map<Integer, List<LiveProcess>> children = new HashMap<>();
    /** Pids a finding names that now belong to another process. */
    private final Map<Integer, String> mismatched = new LinkedHashMap<>();

    public LinuxPlanner(Context ctx) {
        this.ctx = ctx;
        this.judge = new PathJudge(ctx.data());
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

    // ---------------------------------------------------------------------------------------------- expansion

    /** A process related to a group of findings, with the role and the reason it is in the plan. */
    private record Related(LiveProcess process, Role role, String why) {
    }

    private LiveProcess live(int pid) {
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
    private Set<String> chainFiles(List<Finding> findings) {
        Set<String> files = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (f.file() != null && concrete(f.file().path())) {
                files.add(f.file().path());
            }
            if (f.process() != null && concrete(f.process().executable()) && judge.judge(f.process().executable()).isPresent()) {
                files.add(f.process().executable());
            }
            if (f.persistence() != null) {
                for (String ref : f.persistence().references()) {
                    if (concrete(ref) && judge.judge(ref).isPresent()) {
                        files.add(ref);
                    }
                }
            }
        }
        return files;
    }

    private Map<Integer, Related> relate(List<Finding> findings) {
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
                related.put(p.pid(), new Related(p, Role.MEMBER, why(f)));
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
        // command line runs its script (a guardian that double-forked is no one's parent)
        if (!files.isEmpty()) {
            for (LiveProcess p : table.values()) {
                if (related.containsKey(p.pid()) || ctx.protection().refuseProcess(p).isPresent()) {
                    continue;
                }
                if (p.executable() != null && files.contains(p.executable())) {
                    related.put(p.pid(), new Related(p, Role.MEMBER, "another process running " + p.executable()
                            + ", which the findings name"));
                } else {
                    refersTo(p, files).ifPresent(file -> related.put(p.pid(), new Related(p, Role.GUARDIAN,
                            "respawner: it runs " + file + ", which the findings name")));
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
    private static boolean sameProcess(dev.ferret.model.ProcessRef seen, LiveProcess now) {
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
            return Optional.of("its command line is a download-and-run or miner command ('" + abbreviate(cmd, 100)
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

    private int depth(LiveProcess p) {
        int d = 0;
        Set<Integer> seen = new HashSet<>();
        LiveProcess cur = p;
        while (cur != null && cur.pid() > 1 && seen.add(cur.pid()) && d < 4096) {
            d++;
            cur = table.get(cur.ppid());
        }
        return d;
    }

    // ------------------------------------------------------------------------------------------------ planning

    /** Builds the plan. */
    public Plan plan(List<Finding> findings, PlanOptions options, String source, Instant now) {
        List<String> notes = new ArrayList<>();
        List<ChainGroups.Group> groups = ChainGroups.of(findings, fs -> {
            Set<String> keys = new HashSet<>();
            relate(fs).keySet().forEach(pid -> keys.add("pid:" + pid));
            chainFiles(fs).forEach(file -> keys.add("file:" + file));
            return keys;
        });
        Work work = new Work();
        List<String> acted = new ArrayList<>();
        for (ChainGroups.Group g : groups) {
            boolean named = g.chains().stream().anyMatch(options.chains()::contains);
            boolean selected = options.chains().isEmpty() ? g.worst().compareTo(options.minSeverity()) >= 0 : named;
            if (!selected) {
                Finding s = g.strongest();
                notes.add("chain " + String.join("+", g.chains()) + " (" + g.worst().label() + ", " + s.ruleId()
                        + ") left out: " + (options.chains().isEmpty() ? "below --min-severity "
                        + options.minSeverity().label() : "not named by --chain"));
                continue;
            }
            acted.addAll(g.chains());
            work.group(g, options);
        }
        if (!ctx.live()) {
            notes.add("offline image " + ctx.root() + ": only file and persistence steps (no processes, no firewall)");
        } else if (!ctx.processesHere()) {
            notes.add("the findings are from host " + ctx.elsewhere() + ", this is " + ctx.host()
                    + ": the plan is printed, not carried out here");
        }
        notes.addAll(mismatched.values());
        List<Step> steps = work.steps(options, notes);
        if (ctx.live() && !ctx.processesHere()) {
            // pids, addresses and paths of another host say nothing about this one: print, never act
            String refusal = "the findings are from host " + ctx.elsewhere() + ", this is " + ctx.host()
                    + ": run ferret respond on " + ctx.elsewhere();
            steps = steps.stream().map(st -> st.refused() || st.manual() ? st : new Step(st.id(), st.kind(),
                    st.chains(), st.rules(), st.reason(), st.target(), st.shell(), st.powershell(), refusal, false,
                    st.action())).toList();
        }
        List<Step> numbered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            numbered.add(steps.get(i).withId("s" + (i + 1)));
        }
        return new Plan(Platform.LINUX, ctx.host(), ctx.root().toString(), ctx.live(), now, source, acted, numbered,
                notes);
    }

    /** Where a step comes from: the chains and rules behind it, and the first reason given. */
    private static final class Origin {
        final Set<String> chains = new LinkedHashSet<>();
        final Set<String> rules = new LinkedHashSet<>();
        String reason;

        Origin add(List<String> groupChains, Finding f, String why) {
            if (f != null && f.chain() != null) {
                chains.add(f.chain());
            } else {
                chains.addAll(groupChains);
            }
            if (f != null) {
                rules.add(f.ruleId());
            }
            if (reason == null) {
                reason = why;
            }
            return this;
        }
    }

    private static final class ProcItem {
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

    private static final class FileItem {
        final String path;
        final boolean persistence;
        final Origin origin = new Origin();

        FileItem(String path, boolean persistence) {
            this.path = path;
            this.persistence = persistence;
        }
    }

    private static final class EditItem {
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

    private final class Work {
        final Map<Integer, ProcItem> procs = new LinkedHashMap<>();
        final Map<String, FileItem> files = new LinkedHashMap<>();
        final Map<String, EditItem> edits = new LinkedHashMap<>();
        final Map<String, Origin> preloadEntries = new LinkedHashMap<>();
        final Map<String, Origin> units = new LinkedHashMap<>();
        final Map<String, Origin> blocks = new LinkedHashMap<>();
        final Map<String, Origin> domains = new LinkedHashMap<>();
        /** Notes about targets that are gone, one per pid or path. */
        final Map<String, String> missing = new LinkedHashMap<>();
        Origin smb;

        void group(ChainGroups.Group g, PlanOptions options) {
            List<String> chains = g.chains();
            // processes
            if (ctx.live() && ctx.processesHere()) {
                for (Related r : relate(g.findings()).values()) {
                    Finding f = g.findings().stream().filter(x -> x.process() != null
                            && x.process().pid() == r.process().pid()).findFirst().orElse(null);
                    process(r.process(), r.role(), chains, f, r.why());
                }
                for (Finding f : g.findings()) {
                    if (f.process() != null && f.process().pid() > 0 && live(f.process().pid()) == null) {
                        missing.putIfAbsent("pid:" + f.process().pid(), "pid " + f.process().pid() + " ("
                                + f.process().name() + ", " + f.ruleId() + ") is no longer running");
                    }
                }
            } else if (ctx.live()) {
                for (Finding f : g.findings()) {
                    if (f.process() != null && f.process().pid() > 0) {
                        var ref = f.process();
                        LiveProcess p = new LiveProcess(ref.pid(), ref.ppid(), ref.name(), ref.executable(), false,
                                ref.commandLine() == null ? List.of() : List.of(ref.commandLine()), -1, -1, '?', false);
                        ProcessTarget t = new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(),
                                ref.commandLine(), null, Role.MEMBER, -1);
                        ProcItem item = procs.computeIfAbsent(p.pid(), k -> new ProcItem(t, p, "the report is from host "
                                + ctx.elsewhere() + ": its pids mean nothing on " + ctx.host()));
                        item.origin.add(chains, f, why(f));
                    }
                }
            }
            for (Finding f : g.findings()) {
                if (f.file() != null && concrete(f.file().path())) {
                    file(f.file().path(), false, chains, f, why(f));
                }
                if (f.persistence() != null) {
                    persistence(f.persistence(), chains, f);
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

        void process(LiveProcess p, Role role, List<String> chains, Finding f, String why) {
            ProcItem item = procs.get(p.pid());
            if (item == null) {
                String refusal = ctx.protection().refuseProcess(p).orElse(null);
                ProcessTarget t = new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(),
                        abbreviate(p.commandLine(), 300), p.startTicks() >= 0 ? p.startTicks() : null, role, depth(p));
                item = new ProcItem(t, p, refusal);
                procs.put(p.pid(), item);
                if (refusal == null) {
                    String exe = p.executable();
                    boolean suspicious = exe != null && judge.judge(exe).isPresent();
                    if (exe != null && !p.exeDeleted() && (role == Role.MEMBER || suspicious)) {
                        file(exe, false, chains, f, "executable of " + t.describe() + (f != null ? ": " + why(f) : ""));
                    }
                    if (role == Role.GUARDIAN) {
                        for (String arg : p.arguments()) {
                            if (concrete(arg) && judge.judge(arg).isPresent() && !arg.equals(exe)) {
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

        void file(String path, boolean persistence, List<String> chains, Finding f, String why) {
            FileItem item = files.get(path);
            if (item == null) {
                if (ctx.protection().locate(path) == null) {
                    missing.putIfAbsent("file:" + path, path + " (" + (f != null ? f.ruleId() : "named by the plan")
                            + ") does not exist" + (ctx.live() ? "" : " in the image") + ": nothing to quarantine");
                    return;
                }
                item = new FileItem(path, persistence);
                files.put(path, item);
            } else if (persistence && !item.persistence) {
                FileItem upgraded = new FileItem(path, true);
                upgraded.origin.chains.addAll(item.origin.chains);
                upgraded.origin.rules.addAll(item.origin.rules);
                upgraded.origin.reason = item.origin.reason;
                files.put(path, upgraded);
                item = upgraded;
            }
            item.origin.add(chains, f, why);
        }

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
            item.origin.add(chains, f, why(f));
        }

        void persistence(PersistenceEntry e, List<String> chains, Finding f) {
            String path = e.path();
            int n = e.line();
            String command = e.command() == null ? "" : e.command();
            boolean wholeText = command.indexOf('\n') >= 0;
            switch (e.kind()) {
                case "cron" -> {
                    if (n > 0 && !wholeText) {
                        String spool = path.startsWith("/var/spool/cron/") ? path.substring(0, path.lastIndexOf('/'))
                                : null;
                        edit(path, "cron", false, new ExpectedLine(n, command, ExpectedLine.Match.CRON_COMMAND),
                                spool, chains, f);
                    } else {
                        file(path, true, chains, f, why(f) + " (run-parts runs every script in its directory)");
                    }
                }
                case "profile" -> {
                    if (path.startsWith("/etc/profile.d/") && !packaged(path)) {
                        file(path, true, chains, f, why(f));
                    } else if (n > 0 && !wholeText) {
                        edit(path, "profile", false, lineOf(f, n, command), null, chains, f);
                    } else {
                        notice("review " + path + " by hand: " + why(f), chains, f);
                    }
                }
                case "init" -> {
                    if (RC_LINK.matcher(path).matches()) {
                        file(path, true, chains, f, why(f));
                    } else if (path.startsWith("/etc/init.d/") && !packaged(path)) {
                        file(path, true, chains, f, why(f));
                        for (String link : rcLinks(path)) {
                            file(link, true, chains, f, "start link of " + path);
                        }
                    } else if (n > 0 && !wholeText) {
                        edit(path, "init", false, lineOf(f, n, command), null, chains, f);
                    } else {
                        notice("review " + path + " by hand: " + why(f), chains, f);
                    }
                }
                case "systemd" -> {
                    String unit = unitOf(path);
                    Origin o = units.computeIfAbsent(path + "\u0000" + unit + "\u0000"
                            + (path.contains("/systemd/user/") && e.user() != null ? e.user() : ""), k -> new Origin());
                    o.add(chains, f, why(f));
                    if (!path.startsWith("/usr/lib/systemd/") && !path.startsWith("/lib/systemd/")) {
                        file(path, true, chains, f, why(f));
                    }
                }
                case "supervisord" -> {
                    if (n == 0 || path.contains("/conf.d/") || path.contains("/.")) {
                        file(path, true, chains, f, why(f));
                    } else {
                        edit(path, "supervisord", false, new ExpectedLine(n, command, ExpectedLine.Match.SECTION),
                                null, chains, f);
                    }
                }
                case "preload" -> {
                    if (path.equals(PRELOAD_FILE)) {
                        preloadEntries.computeIfAbsent(n + "\u0000" + command, k -> new Origin()).add(chains, f, why(f));
                    } else if (n > 0) {
                        edit(path, "preload", true, new ExpectedLine(n, "LD_PRELOAD", ExpectedLine.Match.CONTAINS),
                                null, chains, f);
                    }
                }
                case "ssh-key" -> {
                    if (n > 0) {
                        edit(path, "ssh-key", false, new ExpectedLine(n, command, ExpectedLine.Match.AUTHORIZED_KEY),
                                null, chains, f);
                    }
                }
                default -> {
                    if (n > 0 && !wholeText) {
                        edit(path, e.kind(), false, new ExpectedLine(n, command, ExpectedLine.Match.CONTAINS), null,
                                chains, f);
                    } else {
                        notice("review " + path + " (" + e.kind() + ") by hand: " + why(f), chains, f);
                    }
                }
            }
        }

        final Map<String, Origin> notices = new LinkedHashMap<>();

        void notice(String text, List<String> chains, Finding f) {
            notices.computeIfAbsent(text, k -> new Origin()).add(chains, f, text);
        }

        void addresses(Finding f, List<String> chains) {
            if (f.destination() != null && blockable(f.destination().ip())) {
                blocks.computeIfAbsent(f.destination().ip(), k -> new Origin()).add(chains, f, why(f));
            }
            List<String> texts = new ArrayList<>();
            if (f.persistence() != null && f.persistence().command() != null) {
                texts.add(f.persistence().command());
            }
            if (f.process() != null && f.process().commandLine() != null) {
                texts.add(f.process().commandLine());
            }
            for (String text : texts) {
                for (String host : hosts(text)) {
                    if (IpLiteral.looksLikeAddress(host)) {
                        if (blockable(host)) {
                            blocks.computeIfAbsent(host, k -> new Origin()).add(chains, f, host + " appears in '"
                                    + abbreviate(text, 120) + "' (" + f.ruleId() + ")");
                        }
                    } else if (host.contains(".")) {
                        domains.computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new Origin()).add(chains, f,
                                host + " appears in '" + abbreviate(text, 120) + "' (" + f.ruleId() + ")");
                    }
                }
            }
        }

        List<Step> steps(PlanOptions options, List<String> notes) {
            List<Step> out = new ArrayList<>();
            List<ProcItem> order = new ArrayList<>(procs.values());
            order.sort(Comparator.comparingInt((ProcItem p) -> p.target.role().ordinal())
                    .thenComparingInt(p -> p.target.depth()).thenComparingInt(p -> p.target.pid()));
            // edits of files that are quarantined whole are pointless
            edits.keySet().removeIf(files::containsKey);
            Map<String, Origin> capture = new LinkedHashMap<>();
            Map<String, String> fileRefusals = new HashMap<>();
            for (FileItem f : files.values()) {
                Path real = ctx.protection().locate(f.path);
                String refusal = ctx.protection().refuseFile(f.path, real).orElse(null);
                fileRefusals.put(f.path, refusal);
                if (refusal == null) {
                    capture.put(f.path, f.origin);
                }
            }
            Map<String, String> editRefusals = new HashMap<>();
            for (EditItem e : edits.values()) {
                String refusal = editRefusal(e.path);
                editRefusals.put(e.path, refusal);
                if (refusal == null) {
                    capture.putIfAbsent(e.path, e.origin);
                }
            }
            if (!preloadEntries.isEmpty() && editRefusal(PRELOAD_FILE) == null) {
                capture.putIfAbsent(PRELOAD_FILE, preloadEntries.values().iterator().next());
            }
            for (ProcItem p : order) {
                String shell = "kill -STOP " + p.target.pid();
                String reason = p.origin.reason;
                out.add(step(StepKind.SUSPEND, p.origin, reason, p.target.describe(), shell, p.refusal,
                        new Action.Signal(p.target, "STOP")));
            }
            for (ProcItem p : order) {
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
            for (Map.Entry<String, Origin> c : capture.entrySet()) {
                String path = c.getKey();
                Origin o = c.getValue();
                out.add(step(StepKind.EVIDENCE, o, "keep " + path + " (content, hashes, owner, mode, times) before it "
                                + "is changed: " + o.reason, path,
                        "sha256sum " + Shell.quote(path) + " && cp --preserve=all " + Shell.quote(path) + " "
                                + store(""), null, new Action.CaptureFile(path)));
            }
            for (Map.Entry<String, Origin> u : units.entrySet()) {
                String[] k = u.getKey().split("\u0000", -1);
                String user = k[2].isEmpty() ? null : k[2];
                String shell = ctx.systemd() || !ctx.live()
                        ? (user != null ? "systemctl --user -M " + user + "@ disable --now " : "systemctl disable --now ")
                        + Shell.quote(k[1]) : "systemctl disable --now " + Shell.quote(k[1]);
                String how = ctx.live() && ctx.systemd() ? "" : " (no running systemd: its enablement links under "
                        + "/etc/systemd are quarantined instead)";
                out.add(step(StepKind.PERSISTENCE, u.getValue(), "disable unit " + k[1] + how + ": "
                        + u.getValue().reason, k[1] + " (" + k[0] + ")", shell, null,
                        new Action.DisableUnit(k[0], k[1], user)));
            }
            for (EditItem e : edits.values()) {
                if (!e.preload) {
                    out.add(editStep(StepKind.PERSISTENCE, e, editRefusals.get(e.path)));
                }
            }
            for (FileItem f : files.values()) {
                if (f.persistence) {
                    out.add(quarantineStep(StepKind.PERSISTENCE, f, fileRefusals.get(f.path)));
                }
            }
            for (Map.Entry<String, Origin> b : blocks.entrySet()) {
                List<Firewall.Rule> rules = ctx.firewall().block(b.getKey());
                boolean none = ctx.firewall().tool() == Firewall.Tool.NONE;
                String refusal = ctx.processesHere() ? null : "the findings are from host " + ctx.elsewhere()
                        + ": block " + b.getKey() + " there";
                Step s = step(StepKind.BLOCK, b.getValue(), "drop traffic to and from " + b.getKey() + ": "
                        + b.getValue().reason + (none ? " (neither iptables nor nft is on the PATH: run these where a "
                        + "firewall tool is)" : ""), b.getKey(), ctx.firewall().shell(rules), refusal,
                        new Action.BlockAddress(b.getKey()));
                out.add(none && refusal == null ? manual(s) : s);
            }
            if (smb != null) {
                List<Integer> tcp = List.of(135, 139, 445);
                List<Integer> udp = List.of(137, 138);
                boolean none = ctx.firewall().tool() == Firewall.Tool.NONE;
                Step s = step(StepKind.BLOCK, smb, smb.reason, "inbound tcp/135,139,445 udp/137,138",
                        ctx.firewall().shell(ctx.firewall().blockInbound(tcp, udp)), ctx.processesHere() ? null
                                : "the findings are from host " + ctx.elsewhere(), new Action.BlockInbound(tcp, udp));
                out.add(none && ctx.processesHere() ? manual(s) : s);
            }
            for (ProcItem p : order) {
                if (p.refusal == null) {
                    out.add(step(StepKind.KILL, p.origin, p.origin.reason,
                            p.target.describe(), "kill -KILL " + p.target.pid(), null,
                            new Action.Signal(p.target, "KILL")));
                }
            }
            for (FileItem f : files.values()) {
                if (!f.persistence) {
                    out.add(quarantineStep(StepKind.QUARANTINE, f, fileRefusals.get(f.path)));
                }
            }
            for (Map.Entry<String, Origin> pe : preloadEntries.entrySet()) {
                String[] k = pe.getKey().split("\u0000", 2);
                int line = Integer.parseInt(k[0]);
                String refusal = editRefusal(PRELOAD_FILE);
                out.add(step(StepKind.PRELOAD, pe.getValue(), "stop preloading " + k[1] + " into every program: "
                                + pe.getValue().reason, PRELOAD_FILE + ":" + line + " " + k[1],
                        "sed -i " + Shell.quote("\\#^" + k[1] + "$#d;s#" + k[1] + "##") + " " + PRELOAD_FILE, refusal,
                        new Action.RemovePreloadEntry(PRELOAD_FILE, line, k[1])));
            }
            for (EditItem e : edits.values()) {
                if (e.preload) {
                    out.add(editStep(StepKind.PRELOAD, e, editRefusals.get(e.path)));
                }
            }
            for (Map.Entry<String, Origin> d : domains.entrySet()) {
                out.add(manual(step(StepKind.NOTICE, d.getValue(), "block " + d.getKey() + " at the DNS resolver or "
                        + "egress proxy (ferret blocks addresses, not names): " + d.getValue().reason, d.getKey(),
                        null, null, new Action.Notice("block " + d.getKey() + " at the resolver or proxy"))));
            }
            for (Map.Entry<String, Origin> n : notices.entrySet()) {
                out.add(manual(step(StepKind.NOTICE, n.getValue(), n.getKey(), null, null, null,
                        new Action.Notice(n.getKey()))));
            }
            notes.addAll(missing.values());
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
            String shell = "sed -i " + Shell.quote(sed.toString()) + " " + Shell.quote(e.path)
                    + (e.pokeDir != null ? " && touch " + Shell.quote(e.pokeDir) : "");
            String what = e.mechanism.equals("supervisord") ? "the [program] section at line " : numbers.size() == 1
                    ? "line " : "lines ";
            String target = e.path + ":" + String.join(",", numbers.stream().map(String::valueOf).toList());
            return step(kind, e.origin, "remove " + what + String.join(", ", numbers.stream().map(String::valueOf)
                            .toList()) + " of " + e.path + " (every other byte kept): " + e.origin.reason, target, shell,
                    refusal, new Action.RemoveLines(e.path, e.mechanism, e.lines, e.pokeDir));
        }

        private Step quarantineStep(StepKind kind, FileItem f, String refusal) {
            Path real = ctx.protection().locate(f.path);
            String replaced = ctx.protection().replacedPackageFile(f.path, real).map(s -> " (" + s + ")").orElse("");
            String what = kind == StepKind.PERSISTENCE ? "take away " + f.path + " (moved into the quarantine store)"
                    : "move " + f.path + " into the quarantine store";
            return step(kind, f.origin, what + replaced + ": " + f.origin.reason, f.path,
                    "mv " + Shell.quote(f.path) + " " + store(""), refusal, new Action.QuarantineFile(f.path));
        }
    }

    private static Step step(StepKind kind, Origin o, String reason, String target, String shell, String refusal,
                             Action action) {
        return new Step("", kind, List.copyOf(o.chains), List.copyOf(o.rules), reason, target, shell, null, refusal,
                false, action);
    }

    private static Step manual(Step s) {
        return new Step(s.id(), s.kind(), s.chains(), s.rules(), s.reason(), s.target(), s.shell(), s.powershell(),
                s.refusal(), true, s.action());
    }

    private String store(String name) {
        String dir = ctx.store() != null ? Shell.quote(ctx.store()) : "\"$STORE\"";
        return name.isEmpty() ? dir + "/" : dir + "/" + name;
    }

    private boolean packaged(String path) {
        Path real = ctx.protection().locate(path);
        return real != null && ctx.protection().refuseFile(path, real).filter(r -> r.contains("package")).isPresent();
    }

    private ExpectedLine lineOf(Finding f, int n, String command) {
        ExpectedLine.Match m = COPY_RUN_DELETE.equals(f.ruleId()) && command.contains(" ; ")
                ? ExpectedLine.Match.SEQUENCE : ExpectedLine.Match.EXACT;
        return new ExpectedLine(n, command, m);
    }

    /** rc?.d links under the root whose target is this init script. */
    private List<String> rcLinks(String script) {
        List<String> links = new ArrayList<>();
        String name = script.substring(script.lastIndexOf('/') + 1);
        for (String base : List.of("/etc", "/etc/rc.d")) {
            for (String level : List.of("0", "1", "2", "3", "4", "5", "6", "S")) {
                String dir = base + "/rc" + level + ".d";
                Path real = dev.ferret.collect.linux.persistence.RootedFiles.locate(ctx.root(), dir);
                if (real == null || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(real)) {
                    for (Path link : s) {
                        if (Files.isSymbolicLink(link)) {
                            String target = Files.readSymbolicLink(link).toString();
                            if (target.equals(script) || target.endsWith("/init.d/" + name)) {
                                links.add(dir + "/" + link.getFileName());
                            }
                        }
                    }
                } catch (IOException e) {
                    // unreadable level directory: no links from it
                }
            }
        }
        links.sort(null);
        return links;
    }

    static String unitOf(String path) {
        String parent = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
        if (parent.endsWith(".d")) {
            String dir = parent.substring(parent.lastIndexOf('/') + 1);
            return dir.substring(0, dir.length() - 2);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Hosts named by URLs and miner pool options in a command. */
    static List<String> hosts(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        Matcher m = URL_HOST.matcher(text);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        Matcher o = OPTION_HOST.matcher(text);
        while (o.find()) {
            hosts.add(o.group(1));
        }
        return List.copyOf(hosts);
    }

    /** Addresses never blocked: loopback, unspecified, link-local, multicast, broadcast. */
    static boolean blockable(String ip) {
        if (ip == null || !IpLiteral.looksLikeAddress(ip)) {
            return false;
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(IpLiteral.bytes(ip));
            return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()
                    || ip.equals("255.255.255.255"));
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private static boolean concrete(String path) {
        return path != null && path.startsWith("/") && !path.endsWith("/") && !path.matches(".*[$*?\\[\\]`{}].*")
                && !path.contains("/../") && !path.endsWith("/..");
    }

    /** "rule.id: first reason" for step reasons. */
    static String why(Finding f) {
        if (f == null) {
            return "";
        }
        String first = f.reasons().isEmpty() ? f.ruleName() : f.reasons().get(0).text();
        return f.ruleId() + " (" + Severity.ofScore(f.score()).label() + "): " + abbreviate(first, 200);
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > max ? t.substring(0, max - 3) + "..." : t;
    }
}
