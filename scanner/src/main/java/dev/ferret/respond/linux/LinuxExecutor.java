package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.os.linux.InodeFlags;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.apply.StepExecutor;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import dev.ferret.respond.quarantine.FileFacts;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out Linux steps. Every change is preceded by its evidence (the content goes into the store and is read
 * back before anything is removed or rewritten) and followed by its undo record; every step checks whether its
 * work is already done, so applying a plan twice changes nothing the second time.
 */
public final class LinuxExecutor implements StepExecutor {
    private static final int MAX_EDIT_BYTES = 16 << 20;
    private static final long MAX_DUMP_BYTES = 1L << 30;

    private final Protection protection;
    private final ProcessControl control;
    private final Store store;
    private final CommandRunner runner;
    private final Firewall firewall;
    private final boolean systemd;
    private final boolean live;
    private final MemoryDumper dumper;
    private final Clock clock;
    private final String run;

    /** Processes this run stopped or killed, by pid, with their start ticks. */
    private final Map<Integer, Long> stopped = new HashMap<>();
    private final Map<Integer, ProcessTarget> extra = new HashMap<>();
    private final Set<Integer> killed = new java.util.HashSet<>();
    /** Files the plan quarantines: a process that runs one of them after the plan was made is a respawn. */
    private final Set<String> malware = new LinkedHashSet<>();
    private boolean firewallReady;

    /**
     * @param systemd systemd runs here and systemctl is available
     * @param live    the steps act on the running host (false: an image under --root)
     */
    public LinuxExecutor(Protection protection, ProcessControl control, Store store, CommandRunner runner,
                         Firewall firewall, boolean systemd, boolean live, MemoryDumper dumper, Clock clock,
                         String run) {
        this.protection = protection;
        this.control = control;
        this.store = store;
        this.runner = runner;
        this.firewall = firewall;
        this.systemd = systemd;
        this.live = live;
        this.dumper = dumper;
        this.clock = clock;
        this.run = run;
    }

    @Override
    public void begin(Plan plan) {
        for (Step s : plan.steps()) {
            if (s.executable() && s.action() instanceof Action.QuarantineFile q) {
                malware.add(q.path());
            }
        }
    }

    @Override
    public Outcome execute(Step step) {
        Action a = step.action();
        try {
            if (a instanceof Action.Signal s) {
                return signal(step, s);
            } else if (a instanceof Action.CaptureFile c) {
                return capture(step, c.path());
            } else if (a instanceof Action.CaptureImage c) {
                return captureImage(step, c.process());
            } else if (a instanceof Action.DumpMemory d) {
                return dumpMemory(step, d.process());
            } else if (a instanceof Action.RemoveLines r) {
                return edit(step, r.path(), r.pokeDir(), bytes -> LineSurgery.remove(bytes, r.lines()));
            } else if (a instanceof Action.RemovePreloadEntry r) {
                return edit(step, r.path(), null, bytes -> LineSurgery.removeWord(bytes, r.line(), r.library()));
            } else if (a instanceof Action.QuarantineFile q) {
                return quarantine(step, q.path());
            } else if (a instanceof Action.DisableUnit u) {
                return disableUnit(step, u);
            } else if (a instanceof Action.BlockAddress b) {
                return block(step, firewall.block(b.ip()));
            } else if (a instanceof Action.BlockInbound b) {
                return block(step, firewall.blockInbound(b.tcp(), b.udp()));
            } else if (a instanceof Action.Notice n) {
                return outcome(step, Status.MANUAL, n.text());
            } else if (a instanceof Action.WindowsOperation) {
                return outcome(step, Status.MANUAL, "a Windows step: not executed on this host");
            }
            return outcome(step, Status.FAILED, "no executor for " + a.type());
        } catch (IOException | RuntimeException e) {
            return outcome(step, Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome outcome(Step step, Status status, String message) {
        return Outcome.of(step.id(), step.kind(), step.action().type(), step.target(), status, message);
    }

    // ------------------------------------------------------------------------------------------------ processes

    private Outcome signal(Step step, Action.Signal s) {
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

    @Override
    public List<Outcome> settle(StepKind finished, List<Step> steps) {
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

    // ------------------------------------------------------------------------------------------------- evidence

    private ObjectNode manifestEntry(Step step, String kind, String path, Store.Stored stored, FileFacts facts) {
        ObjectNode m = store.node();
        m.put("@timestamp", clock.instant().toString());
        m.put("run", run);
        m.put("step", step.id());
        m.put("kind", kind);
        m.put("path", path);
        m.put("root", protection.root().toString());
        if (stored != null) {
            m.put("object", stored.object());
            m.put("md5", stored.md5());
            m.put("sha256", stored.sha256());
        }
        if (facts != null) {
            facts.write(m.putObject("facts"));
        }
        return m;
    }

    private boolean inManifest(String kind, String path, String sha256) {
        for (JsonNode n : store.manifest()) {
            if (kind.equals(n.path("kind").asText()) && path.equals(n.path("path").asText())
                    && protection.root().toString().equals(n.path("root").asText())
                    && (sha256 == null || sha256.equals(n.path("sha256").asText()))) {
                return true;
            }
        }
        return false;
    }

    private Outcome capture(Step step, String path) throws IOException {
        Path real = protection.locate(path);
        if (real == null) {
            return inManifest("quarantine", path, null)
                    ? outcome(step, Status.ALREADY_DONE, path + " is already in the store (quarantined earlier)")
                    : outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        FileFacts facts = FileFacts.of(real);
        if (facts.type().equals("symlink")) {
            if (inManifest("evidence", path, null)) {
                return outcome(step, Status.ALREADY_DONE, path + " (a symlink to " + facts.linkTarget()
                        + ") is recorded already");
            }
            store.manifest(manifestEntry(step, "evidence", path, null, facts));
            return outcome(step, Status.DONE, path + " is a symlink to " + facts.linkTarget() + ": recorded");
        }
        if (!facts.type().equals("file")) {
            return outcome(step, Status.SKIPPED, path + " is not a regular file (" + facts.type() + ")");
        }
        Store.Stored stored = store.storeFile(real);
        keepAccessTime(real, facts);
        if (inManifest("evidence", path, stored.sha256())) {
            return outcome(step, Status.ALREADY_DONE, path + " is in the store already (" + stored.object() + ")");
        }
        store.manifest(manifestEntry(step, "evidence", path, stored, facts));
        return outcome(step, Status.DONE, "kept " + path + " as " + stored.object()).withDetails(List.of(
                "md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size(),
                "owner " + facts.uid() + ":" + facts.gid(), "mode " + String.format("%04o", facts.mode()),
                "mtime " + facts.mtime()));
    }

    private Outcome captureImage(Step step, ProcessTarget t) throws IOException {
        Optional<LiveProcess> p = control.table().get(t.pid());
        if (p.isEmpty() || p.get().exited() || t.startTicks() != null && p.get().startTicks() != t.startTicks()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is gone: its deleted executable went with it");
        }
        Store.Stored stored;
        try (InputStream in = Files.newInputStream(Path.of("/proc", Integer.toString(t.pid()), "exe"))) {
            stored = store.storeStream(in);
        }
        String path = t.executable() == null ? "/proc/" + t.pid() + "/exe" : t.executable();
        ObjectNode m = manifestEntry(step, "evidence", path, stored, null);
        m.put("source", "/proc/" + t.pid() + "/exe");
        m.put("deleted", true);
        store.manifest(m);
        return outcome(step, Status.DONE, "kept the deleted executable of pid " + t.pid() + " as " + stored.object())
                .withDetails(List.of("md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size()));
    }

    private Outcome dumpMemory(Step step, ProcessTarget t) throws IOException {
        Optional<LiveProcess> p = control.table().get(t.pid());
        if (p.isEmpty() || p.get().exited() || t.startTicks() != null && p.get().startTicks() != t.startTicks()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is gone");
        }
        if (!p.get().stopped()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is not suspended: a running process's memory "
                    + "changes while it is read (run the suspend steps too)");
        }
        MemoryDumper.Result r = dumper.dump(t.pid(), run + "-pid" + t.pid(), store, MAX_DUMP_BYTES);
        ObjectNode m = manifestEntry(step, "memory", "memory of pid " + t.pid(), null, null);
        m.put("dump", r.dump());
        m.put("index", r.index());
        m.put("bytes", r.bytes());
        m.put("sha256", r.sha256());
        store.manifest(m);
        return outcome(step, Status.DONE, "dumped " + r.bytes() + " bytes of " + r.regions() + " regions of pid "
                + t.pid() + " into " + r.dump() + (r.capped() ? " (capped at " + (MAX_DUMP_BYTES >> 20) + " MiB)" : ""));
    }

    // ------------------------------------------------------------------------------------------------- changes

    /** A content transformation for {@link #edit}. */
    private interface Surgery {
        LineSurgery.Result apply(byte[] content);
    }

    private Outcome edit(Step step, String path, String pokeDir, Surgery surgery) throws IOException {
        Path real = protection.locate(path);
        if (real == null) {
            return outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return outcome(step, Status.REFUSED, path + " is not a regular file: not edited");
        }
        if (Files.size(real) > MAX_EDIT_BYTES) {
            return outcome(step, Status.FAILED, path + " is larger than " + (MAX_EDIT_BYTES >> 20) + " MiB: edit it by hand");
        }
        FileFacts facts = FileFacts.of(real);
        byte[] before = Files.readAllBytes(real);
        keepAccessTime(real, facts);
        LineSurgery.Result result = surgery.apply(before);
        if (!result.changed()) {
            return outcome(step, Status.ALREADY_DONE, "no matching line left in " + path + " (removed earlier)");
        }
        Store.Stored backup = store.storeBytes(before);
        store.manifest(manifestEntry(step, "backup", path, backup, facts));
        try {
            writeInPlace(real, result.content());
        } catch (IOException e) {
            byte[] now = readQuietly(real);
            if (now != null && !Arrays.equals(now, before) && !Arrays.equals(now, result.content())) {
                try {
                    writeInPlace(real, before);
                } catch (IOException restore) {
                    return outcome(step, Status.FAILED, "writing " + path + " failed half-way (" + e.getMessage()
                            + ") and restoring it failed too: restore it from " + backup.object() + " by hand");
                }
            }
            return outcome(step, Status.FAILED, "cannot rewrite " + path + ": " + diagnose(real, e)
                    + " (a backup is in the store as " + backup.object() + "; the file is unchanged)");
        }
        byte[] after = Files.readAllBytes(real);
        if (!Arrays.equals(after, result.content())) {
            return outcome(step, Status.FAILED, path + " does not read back as written: check it against the backup "
                    + backup.object());
        }
        String afterSha = sha256(after);
        ObjectNode u = undoBase(step, "restore-content", path);
        u.put("object", backup.object());
        u.put("sha256", backup.sha256());
        u.put("after_sha256", afterSha);
        facts.write(u.putObject("facts"));
        if (pokeDir != null) {
            u.put("poke_dir", pokeDir);
        }
        String undoId = store.undo(u);
        String poked = "";
        if (pokeDir != null) {
            Path dir = protection.locate(pokeDir);
            if (dir != null) {
                Files.setLastModifiedTime(dir, FileTime.from(clock.instant()));
                poked = "; touched " + pokeDir + " so cron rereads it";
            }
        }
        List<String> details = new ArrayList<>();
        details.add("backup " + backup.object() + " (sha256 " + backup.sha256() + ")");
        details.add("undo " + undoId);
        result.missing().forEach(m -> details.add("not found (removed earlier?): line " + m.line() + " '" + m.text() + "'"));
        return outcome(step, Status.DONE, "removed line" + (result.removed().size() > 1 ? "s " : " ")
                + String.join(", ", result.removed().stream().map(String::valueOf).toList()) + " of " + path
                + ", every other byte kept" + poked).withDetails(details);
    }

    /** Reading evidence must not change what it is evidence of: the access time goes back as it was. */
    static void keepAccessTime(Path real, FileFacts facts) {
        try {
            Files.getFileAttributeView(real, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(null, FileTime.from(facts.atime()), null);
        } catch (IOException | RuntimeException e) {
            // an immutable or read-only file keeps whatever time it has
        }
    }

    /** Rewrites a file's content in place: same inode, owner, mode, links and extended attributes. */
    static void writeInPlace(Path real, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(real, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer b = ByteBuffer.wrap(content);
            long pos = 0;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            ch.truncate(content.length);
            ch.force(true);
        }
    }

    private static byte[] readQuietly(Path real) {
        try {
            return Files.readAllBytes(real);
        } catch (IOException e) {
            return null;
        }
    }

    private Outcome quarantine(Step step, String path) throws IOException {
        Path real = protection.locate(path);
        if (real == null) {
            return inManifest("quarantine", path, null)
                    ? outcome(step, Status.ALREADY_DONE, path + " is in quarantine already")
                    : outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        Optional<String> refusal = protection.refuseFile(path, real);
        if (refusal.isPresent()) {
            return outcome(step, Status.REFUSED, refusal.get());
        }
        FileFacts facts = FileFacts.of(real);
        Store.Stored stored = null;
        if (facts.type().equals("file")) {
            stored = store.storeFile(real);
        } else if (!facts.type().equals("symlink")) {
            return outcome(step, Status.REFUSED, path + " is not a regular file or symlink (" + facts.type() + ")");
        }
        try {
            Files.delete(real);
        } catch (IOException e) {
            if (stored != null) {
                ObjectNode m = manifestEntry(step, "evidence", path, stored, facts);
                m.put("note", "quarantine failed: the original could not be removed");
                store.manifest(m);
            }
            return outcome(step, Status.FAILED, (stored != null ? "kept a copy as " + stored.object() + ", but " : "")
                    + path + " could not be removed: " + diagnose(real, e));
        }
        store.manifest(manifestEntry(step, "quarantine", path, stored, facts));
        ObjectNode u = undoBase(step, facts.type().equals("symlink") ? "restore-link" : "restore-file", path);
        if (stored != null) {
            u.put("object", stored.object());
            u.put("sha256", stored.sha256());
        }
        facts.write(u.putObject("facts"));
        String undoId = store.undo(u);
        List<String> details = new ArrayList<>();
        if (stored != null) {
            details.addAll(List.of("md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size()));
        }
        details.add("owner " + facts.uid() + ":" + facts.gid() + ", mode " + String.format("%04o", facts.mode())
                + ", mtime " + facts.mtime());
        details.add("undo " + undoId);
        return outcome(step, Status.DONE, facts.type().equals("symlink")
                ? "removed the link " + path + " (to " + facts.linkTarget() + ")"
                : "moved " + path + " into the store as " + stored.object()).withDetails(details);
    }

    /** Why a change failed, in the responder's terms (immutable flag, read-only mount, permissions). */
    static String diagnose(Path real, IOException e) {
        String flags = InodeFlags.describe(real.toString());
        if (flags != null) {
            return real + " is " + flags + " (chattr +i/+a): run chattr -i -a " + real + " and apply again";
        }
        Path parent = real.getParent();
        String parentFlags = parent == null ? null : InodeFlags.describe(parent.toString());
        if (parentFlags != null) {
            return "its directory " + parent + " is " + parentFlags + ": run chattr -i -a " + parent + " and apply again";
        }
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("read-only")) {
            return "the file system is mounted read-only (" + reason + ")";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + reason + ")";
        }
        return reason == null ? e.toString() : reason;
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
            ObjectNode rec = undoBase(step, "enable-unit", u.path());
            rec.put("unit", u.unit());
            if (u.user() != null) {
                rec.put("user", u.user());
            }
            rec.put("was_enabled", enabled);
            rec.put("was_active", active);
            String id = store.undo(rec);
            return outcome(step, Status.DONE, "disabled and stopped " + u.unit() + " (was " + enabled + ", " + active
                    + ")").withDetails(List.of("undo " + id));
        }
        // no running systemd (an image, a container): take away the links that enable the unit
        List<String> links = enablementLinks(u.unit());
        if (links.isEmpty()) {
            return outcome(step, Status.ALREADY_DONE, "no links enable " + u.unit() + " under " + protection.root());
        }
        List<String> details = new ArrayList<>();
        boolean failed = false;
        for (String link : links) {
            Outcome o = quarantine(step, link);
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
            Path real = dev.ferret.collect.linux.persistence.RootedFiles.locate(protection.root(), dir);
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
        Path home = dev.ferret.collect.linux.persistence.RootedFiles.locate(protection.root(), "/home");
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
                ObjectNode rec = undoBase(step, "firewall-delete", null);
                rec.set("command", strings(List.of(firewall.setup().get(0).get(0), "delete", "table", "inet",
                        Firewall.NFT_TABLE)));
                rec.set("check", strings(done));
                store.undo(rec);
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
                ObjectNode rec = undoBase(step, "firewall-delete", null);
                rec.put("description", rule.description());
                rec.set("command", strings(rule.delete()));
                if (rule.check() != null) {
                    rec.set("check", strings(rule.check()));
                }
                details.add(rule.description() + ": added (undo " + store.undo(rec) + ")");
            } else {
                details.add(rule.description() + ": added");
            }
        }
        return outcome(step, added == 0 ? Status.ALREADY_DONE : Status.DONE, added == 0 ? "every rule is in place "
                + "already" : "added " + added + " firewall rule(s) with " + firewall.tool().name().toLowerCase(
                java.util.Locale.ROOT)).withDetails(details);
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode a = store.json().createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private ObjectNode undoBase(Step step, String type, String path) {
        ObjectNode u = store.node();
        u.put("@timestamp", clock.instant().toString());
        u.put("run", run);
        u.put("step", step.id());
        u.put("type", type);
        if (path != null) {
            u.put("path", path);
            u.put("root", protection.root().toString());
        }
        return u;
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
