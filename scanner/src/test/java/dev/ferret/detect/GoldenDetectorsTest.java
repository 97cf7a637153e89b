package dev.ferret.detect;

import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.rules.Golden;
import dev.ferret.detect.files.HiddenExecutableDetector;
import dev.ferret.detect.files.MinerConfigDetector;
import dev.ferret.detect.hidden.HiddenProcessDetector;
import dev.ferret.detect.hidden.OrphanSocketDetector;
import dev.ferret.detect.hidden.ScannerPreloadDetector;
import dev.ferret.detect.hidden.UnaccountedCpuDetector;
import dev.ferret.detect.process.ForeignMappingDetector;
import dev.ferret.detect.process.SuspiciousExecutableDetector;
import dev.ferret.detect.signature.YaraMemoryDetector;
import dev.ferret.model.Coverage;
import dev.ferret.model.CpuAccounting;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileEntry;
import dev.ferret.model.Finding;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.MemoryMatch;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessViews;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.model.SignatureMatch;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden tests of the detectors that read live-host views (hidden processes and sockets, CPU accounting, the
 * scanner's own mappings, process executables and mappings, memory matches) and of the location-sweep file
 * detectors: a snapshot as the collectors fill it in, the expected finding and its evidence out. The integration
 * tests plant the real thing; these pin each rule's evidence, weights and techniques without root.
 */
class GoldenDetectorsTest {
    private static final int HIDDEN = 4242;

    @TempDir
    Path root;

    private static ProcessInfo process(int pid, String name, String exe, boolean deleted, boolean memfd,
                                       List<String> args, double cpu, Map<String, String> env,
                                       List<MemoryMapping> mappings) {
        return new ProcessInfo(pid, 1, name, exe, deleted, memfd, args, "/", 0, "root", Instant.parse("2026-11-22T09:00:00Z"),
                cpu, 1, 1000, env, mappings, List.of());
    }

    private static MemoryMapping exec(String path, boolean deleted) {
        return new MemoryMapping(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, 77, path, deleted);
    }

    private Snapshot live() {
        return new Snapshot(root, true, new Coverage());
    }

    private static Finding only(List<Finding> findings, String ruleId) {
        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        assertEquals(ruleId, f.ruleId());
        return f;
    }

    private static void evidence(Finding f, String... texts) {
        for (String text : texts) {
            assertTrue(f.reasons().stream().map(Reason::text).anyMatch(t -> t.contains(text)),
                    "no reason containing '" + text + "' in " + f.reasons());
        }
    }

    @Test
    @Golden("linux.hidden-process")
    void aPidThatReaddirHidesButGetdentsListsIsAUserSpaceHook() {
        Snapshot s = live();
        s.views(new ProcessViews(Set.of(1), Set.of(1, HIDDEN), Set.of(1, HIDDEN), Set.of(HIDDEN), true));
        s.addProcesses(List.of(process(HIDDEN, "kworker", "/usr/lib/mysql/.sh", false, false, List.of("/usr/lib/mysql/.sh"),
                98, Map.of(), List.of())));
        s.addPersistence(List.of(new PersistenceEntry("preload", "/etc/ld.so.preload", 1, null,
                "/usr/local/lib/libprocesshider.so", null, List.of("/usr/local/lib/libprocesshider.so"))));
        Finding f = only(new HiddenProcessDetector().detect(s, Fixture.context()), "linux.hidden-process");
        evidence(f, "pid " + HIDDEN + " answers the kernel but is missing from readdir(/proc), twice",
                "the raw getdents64 listing shows it: readdir() in user space is hooked",
                "/etc/ld.so.preload loads /usr/local/lib/libprocesshider.so", "it uses 98% of a core");
        assertEquals(List.of("T1014", "T1564", "T1574.006", "T1496"), f.techniques());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(HIDDEN, f.process().pid());
    }

    @Test
    @Golden("linux.hidden-process")
    void aPidMissingFromBothListingsIsHiddenInTheKernel() {
        Snapshot s = live();
        s.views(new ProcessViews(Set.of(1), Set.of(1), Set.of(1, HIDDEN), Set.of(HIDDEN), true));
        Finding f = only(new HiddenProcessDetector().detect(s, Fixture.context()), "linux.hidden-process");
        evidence(f, "missing from the raw getdents64 listing too: hidden inside the kernel");
        assertEquals(List.of("T1014", "T1564"), f.techniques());
        assertEquals(Severity.CRITICAL, f.severity());
    }

    @Test
    @Golden("linux.hidden-socket-owner")
    void aConnectionHeldOnlyByAHiddenPid() {
        Snapshot s = live();
        s.views(new ProcessViews(Set.of(1), Set.of(1), Set.of(1, HIDDEN), Set.of(HIDDEN), true));
        s.addSockets(List.of(new SocketInfo("tcp", 4, new Endpoint("10.0.0.5", 40000), new Endpoint("127.0.0.1", 3333),
                "ESTABLISHED", 0, 9001, List.of(HIDDEN))));
        Finding f = only(new OrphanSocketDetector().detect(s, Fixture.context()), "linux.hidden-socket-owner");
        evidence(f, "(inode 9001) is held by pid " + HIDDEN + ", which the /proc listing hides");
        assertEquals(HIDDEN, f.process().pid());
        assertEquals(3333, f.destination().port());
        assertEquals(Severity.HIGH, f.severity());
    }

    @Test
    @Golden("linux.hidden-socket-owner")
    void aListenerNoProcessHolds() {
        Snapshot s = live();
        s.addSockets(List.of(new SocketInfo("tcp", 4, new Endpoint("0.0.0.0", 31337), new Endpoint("0.0.0.0", 0),
                "LISTEN", 0, 9002, List.of())));
        Finding f = only(new OrphanSocketDetector().detect(s, Fixture.context()), "linux.hidden-socket-owner");
        evidence(f, "(inode 9002) is held by no process in /proc");
        assertEquals(Severity.MEDIUM, f.severity());
    }

    @Test
    @Golden("linux.unaccounted-cpu")
    void busyCpuNoVisibleProcessUsed() {
        Snapshot s = live();
        s.cpu(new CpuAccounting(1.0, 190, 10, 100, 2, false));
        Finding f = only(new UnaccountedCpuDetector().detect(s, Fixture.context()), "linux.unaccounted-cpu");
        evidence(f, "the host spent 190% of a core busy, visible processes 10%: 180% of a core is unaccounted for");
        assertEquals(List.of("T1014", "T1496"), f.techniques());
        assertEquals(Severity.MEDIUM, f.severity());
        Snapshot nested = live();
        nested.cpu(new CpuAccounting(1.0, 190, 10, 100, 2, true));
        assertTrue(new UnaccountedCpuDetector().detect(nested, Fixture.context()).isEmpty(), "not judged in a child pid namespace");
    }

    @Test
    @Golden("linux.scanner-preloaded")
    void aLibraryFerretNeverLoadedIsMappedIntoItsOwnProcess() {
        Snapshot s = live();
        s.scanner(process(777, "java", "/usr/bin/java", false, false, List.of("java"), 0, Map.of(),
                List.of(exec("/usr/local/lib/libprocesshider.so", false), exec("/usr/lib/x86_64-linux-gnu/libc.so.6", false))));
        s.addPersistence(List.of(new PersistenceEntry("preload", "/etc/ld.so.preload", 1, null,
                "/usr/local/lib/libprocesshider.so", null, List.of("/usr/local/lib/libprocesshider.so"))));
        Finding f = only(new ScannerPreloadDetector().detect(s, Fixture.context()), "linux.scanner-preloaded");
        evidence(f, "/usr/local/lib/libprocesshider.so is mapped executable into ferret (pid 777) although ferret never loaded it",
                "it is named by /etc/ld.so.preload: every dynamically linked program on the host loads it");
        assertEquals("/usr/local/lib/libprocesshider.so", f.file().path());
        assertEquals(Severity.HIGH, f.severity());
    }

    @Test
    @Golden("process.suspicious-executable")
    void memoryOnlyAndKernelThreadLookalikeExecutables() {
        Snapshot s = live();
        s.addProcesses(List.of(
                process(500, "kworker", "/memfd:payload (deleted)", false, true, List.of("[kworker/0:1]"), 1, Map.of(), List.of()),
                process(501, "sshd", "/usr/sbin/sshd", false, false, List.of("/usr/sbin/sshd"), 1, Map.of(), List.of())));
        Finding f = only(new SuspiciousExecutableDetector().detect(s, Fixture.context()), "process.suspicious-executable");
        evidence(f, "its executable exists only in memory (/memfd:payload (deleted))",
                "it calls itself [kworker/0:1] like a kernel thread, but runs /memfd:payload (deleted)");
        assertEquals(List.of("T1620", "T1036"), f.techniques());
        assertEquals(500, f.process().pid());
        assertEquals(87, f.score(), "memory-only 80, then the kernel-thread name 70 closes a share of the gap");
    }

    @Test
    @Golden("process.foreign-mapping")
    void codeMappedFromAMemoryOnlyFile() {
        Snapshot s = live();
        s.addProcesses(List.of(process(600, "nginx", "/usr/sbin/nginx", false, false, List.of("nginx"), 1, Map.of(),
                List.of(exec("/usr/sbin/nginx", false), exec("/memfd:libhide", true)))));
        Finding f = only(new ForeignMappingDetector().detect(s, Fixture.context()), "process.foreign-mapping");
        evidence(f, "pid 600 runs code from memory-only file /memfd:libhide");
        assertEquals(List.of("T1620"), f.techniques());
        assertEquals(Severity.HIGH, f.severity());
    }

    @Test
    @Golden("yara.memory")
    void yaraMatchesInMemoryNoFileBacks() {
        Snapshot s = live();
        s.addProcesses(List.of(process(700, "kswapd0", "/root/.bashtemp/kswapd0", false, false, List.of("kswapd0"), 90,
                Map.of(), List.of())));
        s.addMemoryMatches(List.of(new MemoryMatch(700, 0x10000, 0x20000, "rwxp", null,
                List.of(new SignatureMatch("Ferret_XMRig_Strings", "ferret", List.of(), Map.of("description", "XMRig miner"),
                        List.of("$pool"))))));
        Finding f = only(new YaraMemoryDetector().detect(s, Fixture.context()), "yara.memory");
        evidence(f, "YARA rule ferret:Ferret_XMRig_Strings matched in pid 700 region");
        assertTrue(f.techniques().contains("T1620"), f.techniques().toString());
        assertEquals(700, f.process().pid());
        assertEquals(Severity.HIGH, f.severity(), "a rule without a score meta weighs the declared default");
    }

    @Test
    @Golden({"file.hidden-executable", "file.miner-config"})
    void aHiddenElfAndAMinerConfigInTemp() {
        Fixture tree = new Fixture(root)
                .bytes("/tmp/.x/xmrig", "\u007fELF\u0002\u0001\u0001 miner".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .file("/tmp/.x/config.json", "{\"donate-level\": 1, \"pools\": [{\"url\": \"stratum+tcp://pool.example:3333\","
                        + " \"coin\": \"monero\"}]}\n");
        Instant t = Instant.parse("2026-11-22T09:00:00Z");
        Snapshot s = tree.snapshot();
        s.addFiles(List.of(new FileEntry("/tmp/.x/xmrig", "temp", 20, t, t, 0100755, 0, true),
                new FileEntry("/tmp/.x/config.json", "temp", 90, t, t, 0100644, 0, false)));
        Finding exe = only(new HiddenExecutableDetector().detect(s, Fixture.context()), "file.hidden-executable");
        evidence(exe, "ELF executable /tmp/.x/xmrig: ");
        assertEquals(List.of("T1564.001"), exe.techniques());
        assertTrue(exe.file().md5() != null && exe.file().sha256() != null);
        Finding config = only(new MinerConfigDetector().detect(s, Fixture.context()), "file.miner-config");
        evidence(config, "/tmp/.x/config.json holds miner settings: ");
        assertEquals(List.of("T1496"), config.techniques());
        assertEquals(Severity.HIGH, config.severity());
    }
}
