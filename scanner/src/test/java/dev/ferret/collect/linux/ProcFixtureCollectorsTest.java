package dev.ferret.collect.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process and socket collectors on a fixture /proc, one source at a time: stat, status, cmdline, environ,
 * maps, fd, the exe and cwd links, /proc/stat, and net/tcp, tcp6, udp, udp6. Pids are above the fixture's
 * pid_max, so the kernel probe (which asks the real kernel) can never mistake a real process for a fixture one.
 */
class ProcFixtureCollectorsTest {
    private static final int MINER = 4242;
    private static final int KTHREAD = 4300;
    private static final long BOOT = 1_700_000_000L;

    @TempDir
    Path tmp;
    private ProcTree proc;
    private Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "miner:x:1000:1000::/home/miner:/bin/sh\n");
        proc = new ProcTree(tmp.resolve("proc")).host(5000, 1000, BOOT, 64)
                // a comm with a space and a ')' : fields are counted from the last ')'
                .stat(MINER, "kworker) x", 1, 250, 50, 3, 12_345, 512)
                .status(MINER, "kworker) x", MINER, 1000)
                .nul(MINER + "/cmdline", "/tmp/.x/xmrig", "-o", "pool.example:3333")
                .nul(MINER + "/environ", "PATH=/bin", "LD_PRELOAD=/tmp/.x/libhide.so", "HOME=/home/miner")
                .text(MINER + "/maps", "00400000-00452000 r-xp 00000000 08:02 173521     /tmp/.x/xmrig (deleted)\n"
                        + "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
                        + "7f0000100000-7f0000101000 r-xp 00000000 08:02 99     /tmp/.x/libhide.so\n")
                .link(MINER + "/exe", "/tmp/.x/xmrig (deleted)")
                .link(MINER + "/cwd", "/tmp/.x")
                .link(MINER + "/fd/0", "/dev/null")
                .link(MINER + "/fd/3", "socket:[777001]")
                .link(MINER + "/fd/4", "socket:[777002]")
                .link(MINER + "/fd/5", "pipe:[5]")
                // a kernel thread: no exe link, empty cmdline and environ, no maps
                .stat(KTHREAD, "kthreadd", 0, 0, 0, 1, 1, 0)
                .status(KTHREAD, "kthreadd", KTHREAD, 0)
                .text(KTHREAD + "/cmdline", "")
                .text(KTHREAD + "/environ", "")
                .text(KTHREAD + "/maps", "")
                .text(KTHREAD + "/fd/.keep", "")
                .net("tcp",
                        ProcTree.row(0, "0100007F:1F90", "00000000:0000", "0A", 1000, 777001),
                        ProcTree.row(1, "0500000A:C350", "0302010A:0D05", "01", 1000, 777002))
                .net("tcp6",
                        ProcTree.row(0, "00000000000000000000000001000000:0016", "00000000000000000000000000000000:0000",
                                "0A", 0, 777003))
                .net("udp", ProcTree.row(0, "00000000:0035", "00000000:0000", "07", 0, 0))
                .net("udp6",
                        ProcTree.row(0, "0000000000000000FFFF00000100007F:007B", "00000000000000000000000000000000:0000",
                                "07", 0, 777004));
    }

    private Snapshot collect(boolean mappings) {
        Snapshot snapshot = new Snapshot(root, true, new Coverage());
        new LinuxProcessCollector(proc.path()).collect(snapshot, new CollectOptions(Duration.ofMillis(20), mappings));
        return snapshot;
    }

    @Test
    void statGivesParentThreadsStartAndResidentSize() {
        ProcessInfo p = collect(false).process(MINER).orElseThrow();
        assertEquals("kworker) x", p.name());
        assertEquals(1, p.ppid());
        assertEquals(3, p.threads());
        assertEquals(2048, p.rssKb(), "512 pages of 4 KiB");
        // starttime is in ticks after boot (btime of /proc/stat): 12345 ticks at 100 Hz
        assertEquals(Instant.ofEpochSecond(BOOT).plusMillis(123_450), p.startTime());
        assertEquals(0.0, p.cpuPercent(), "a static stat file spends no CPU");
    }

    @Test
    void statusGivesTheOwnerNamedThroughTheImagesPasswd() {
        Snapshot s = collect(false);
        assertEquals(1000, s.process(MINER).orElseThrow().uid());
        assertEquals("miner", s.process(MINER).orElseThrow().user());
        assertEquals("root", s.process(KTHREAD).orElseThrow().user());
    }

    @Test
    void cmdlineIsSplitOnNul() {
        assertEquals(List.of("/tmp/.x/xmrig", "-o", "pool.example:3333"),
                collect(false).process(MINER).orElseThrow().arguments());
        assertEquals(List.of(), collect(false).process(KTHREAD).orElseThrow().arguments());
    }

    @Test
    void environKeepsOnlyTheLoaderVariables() {
        assertEquals(Map.of("LD_PRELOAD", "/tmp/.x/libhide.so"),
                collect(false).process(MINER).orElseThrow().environment());
    }

    @Test
    void exeAndCwdLinksWithTheDeletedMark() {
        Snapshot s = collect(false);
        ProcessInfo p = s.process(MINER).orElseThrow();
        assertEquals("/tmp/.x/xmrig", p.executable());
        assertTrue(p.exeDeleted());
        assertFalse(p.exeMemfd());
        assertEquals("/tmp/.x", p.cwd());
        assertNull(s.process(KTHREAD).orElseThrow().executable(), "a kernel thread has no executable");
    }

    @Test
    void memfdExecutablesAreMarked() {
        proc.stat(4400, "x", 1, 0, 0, 1, 1, 0).status(4400, "x", 4400, 0).link("4400/exe", "/memfd:x (deleted)");
        ProcessInfo p = collect(false).process(4400).orElseThrow();
        assertTrue(p.exeMemfd());
        assertTrue(p.exeDeleted());
    }

    @Test
    void mapsAreReadOnlyWhenAsked() {
        assertTrue(collect(false).process(MINER).orElseThrow().mappings().isEmpty());
        List<MemoryMapping> maps = collect(true).process(MINER).orElseThrow().mappings();
        assertEquals(3, maps.size(), maps.toString());
        assertEquals("/tmp/.x/xmrig", maps.get(0).path());
        assertTrue(maps.get(0).deleted());
        assertTrue(maps.get(0).executable());
        assertNull(maps.get(1).path(), "anonymous memory has no path");
        assertEquals("/tmp/.x/libhide.so", maps.get(2).path());
    }

    @Test
    void fdLinksGiveSocketInodesOnly() {
        assertEquals(List.of(777001L, 777002L),
                collect(false).process(MINER).orElseThrow().socketInodes().stream().sorted().toList());
    }

    @Test
    void everyListedPidIsSeenInBothListingsAndCountedForCpu() {
        Snapshot s = collect(false);
        assertTrue(s.views().listed().containsAll(List.of(MINER, KTHREAD)), s.views().toString());
        if (s.views().rawAvailable()) {
            assertTrue(s.views().rawListed().containsAll(List.of(MINER, KTHREAD)), "getdents64 of the same tree");
        }
        assertTrue(s.views().stillHidden().isEmpty(), "nothing hidden in a tree both listings see");
        assertFalse(s.cpu().orElseThrow().nestedPidNamespace(), "self/ns/pid is the initial namespace");
    }

    @Test
    void aPidThatVanishesBetweenListingAndReadIsCountedNotFatal() throws IOException {
        proc.text("4500/status", "Tgid:\t4500\n"); // a directory with no stat: gone mid-read
        Snapshot s = collect(false);
        assertTrue(s.process(4500).isEmpty());
        assertTrue(s.coverage().counter("processes", "vanished during scan") >= 1);
        assertTrue(s.process(MINER).isPresent());
    }

    @Test
    void withoutProcStatTheAreaIsAGapNotACrash() throws IOException {
        Files.delete(proc.path().resolve("stat"));
        Snapshot s = collect(false);
        assertTrue(s.processes().isEmpty());
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().startsWith("/proc/stat unreadable")),
                s.coverage().gaps().toString());
    }

    private List<SocketInfo> sockets() {
        Snapshot s = collect(false);
        new LinuxSocketCollector(proc.path()).collect(s, new CollectOptions(Duration.ZERO, false));
        return s.sockets();
    }

    private static SocketInfo find(List<SocketInfo> all, String protocol, int family, int port) {
        return all.stream().filter(x -> x.protocol().equals(protocol) && x.family() == family
                && x.local().port() == port).findFirst().orElseThrow(() -> new AssertionError(all.toString()));
    }

    @Test
    void tcpRowsAreDecodedAndJoinedToTheirOwner() {
        List<SocketInfo> all = sockets();
        SocketInfo listen = find(all, "tcp", 4, 8080);
        assertEquals("127.0.0.1", listen.local().ip());
        assertEquals("LISTEN", listen.state());
        assertEquals(List.of(MINER), listen.pids());
        SocketInfo pool = find(all, "tcp", 4, 50000);
        assertEquals("10.1.2.3", pool.remote().ip());
        assertEquals(3333, pool.remote().port());
        assertEquals("ESTABLISHED", pool.state());
        assertEquals(List.of(MINER), pool.pids());
    }

    @Test
    void tcp6RowWithNoVisibleOwner() {
        SocketInfo ssh = find(sockets(), "tcp", 6, 22);
        assertEquals("LISTEN", ssh.state());
        assertTrue(ssh.local().ip().equals("::1") || ssh.local().ip().equals("0:0:0:0:0:0:0:1"), ssh.local().ip());
        assertTrue(ssh.pids().isEmpty(), "no fixture process holds inode 777003");
    }

    @Test
    void udpAndUdp6RowsIncludingIpv4Mapped() {
        List<SocketInfo> all = sockets();
        SocketInfo dns = find(all, "udp", 4, 53);
        assertEquals("0.0.0.0", dns.local().ip());
        assertEquals("UNCONN", dns.state());
        assertTrue(dns.pids().isEmpty(), "inode 0 belongs to nobody");
        assertEquals("127.0.0.1", find(all, "udp", 6, 123).local().ip(), "IPv4-mapped reported as IPv4");
        assertEquals(5, all.size(), all.toString());
    }

    @Test
    void aMissingTableIsAGapNamingIt() throws IOException {
        Files.delete(proc.path().resolve("net/udp6"));
        Snapshot s = collect(false);
        new LinuxSocketCollector(proc.path()).collect(s, new CollectOptions(Duration.ZERO, false));
        assertEquals(4, s.sockets().size());
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.examples().contains("/proc/net/udp6")),
                s.coverage().gaps().toString());
    }

    @Test
    void kernelStatTotalsAndBootTime() throws IOException {
        KernelStat k = KernelStat.read(proc.path());
        assertEquals(6000, k.busyTicks(), "user + nice + system");
        assertEquals(Instant.ofEpochSecond(BOOT), k.bootTime());
    }
}
