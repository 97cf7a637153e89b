package dev.ferret.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.os.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Samba in network namespaces the test creates: namespace A (the scanner: 198.18.77.1/24, 198.18.78.1/24) and
 * namespace B (198.18.77.2 smbd accepting SMBv1, .3 smbd refusing it, .4 a listener that never answers, .5 nothing
 * listening; 198.18.78.2/24 nothing listening), joined by one veth pair. 198.18.0.0/15 is the benchmarking range
 * (RFC 2544) and exists only inside these namespaces: namespace A has no other route, so no packet can leave.
 * Needs root, iproute2 and Debian's samba (smbd); skipped with the reason when they are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaNamespaceIT {
    private static final String NET = "198.18.77.";
    private final String tag = Long.toString(ProcessHandle.current().pid() % 100000);
    private final String nsA = "fxa" + tag;
    private final String nsB = "fxb" + tag;
    private final List<Process> started = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private Path work;
    private boolean created;

    @BeforeAll
    void setUp() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "needs Linux");
        Assumptions.assumeTrue(run(List.of("id", "-u"), 5).trim().equals("0"), "needs root for ip netns");
        Assumptions.assumeTrue(onPath("ip"), "needs iproute2 ('ip')");
        Assumptions.assumeTrue(onPath("smbd"), "needs Debian's samba (smbd): apt-get install -y samba");
        work = Files.createTempDirectory("ferret-exposure-it");
        created = true;
        // a namespace of ours left by a killed run with the same pid tag
        run(List.of("ip", "netns", "del", nsA), 10);
        run(List.of("ip", "netns", "del", nsB), 10);
        sh("ip", "netns", "add", nsA);
        sh("ip", "netns", "add", nsB);
        String va = "fxva" + tag;
        String vb = "fxvb" + tag;
        sh("ip", "link", "add", va, "netns", nsA, "type", "veth", "peer", "name", vb, "netns", nsB);
        sh("ip", "-n", nsA, "link", "set", "lo", "up");
        sh("ip", "-n", nsB, "link", "set", "lo", "up");
        sh("ip", "-n", nsA, "addr", "add", NET + "1/24", "dev", va);
        sh("ip", "-n", nsA, "addr", "add", "198.18.78.1/24", "dev", va);
        for (int i = 2; i <= 5; i++) {
            sh("ip", "-n", nsB, "addr", "add", NET + i + "/24", "dev", vb);
        }
        sh("ip", "-n", nsB, "addr", "add", "198.18.78.2/24", "dev", vb);
        sh("ip", "-n", nsA, "link", "set", va, "up");
        sh("ip", "-n", nsB, "link", "set", vb, "up");
        smbd("smb1", NET + "2", "NT1");
        smbd("smb2", NET + "3", "SMB2_02");
        Process silent = inB(List.of(java(), "-cp", classPath(), SilentListener.class.getName(), NET + "4", "445"),
                work.resolve("silent.out"));
        started.add(silent);
        waitListening(List.of(NET + "2:445", NET + "3:445", NET + "4:445"), 30);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (!created) {
            return;
        }
        try {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            // smbd forks a child per client: end whatever we started that is still in namespace B, by pid
            String pids = run(List.of("ip", "netns", "pids", nsB), 5);
            for (String pid : pids.split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            run(List.of("ip", "netns", "del", nsA), 10);
            run(List.of("ip", "netns", "del", nsB), 10);
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void realSambaVerdicts() throws Exception {
        Map<String, JsonNode> byHost = new HashMap<>();
        Report r = exposure(List.of(NET + "2", NET + "3", NET + "4", NET + "5", NET + "6", "--timeout", "2500",
                "--udp", "--fail-on", "critical"), 60);
        for (JsonNode n : r.alerts) {
            byHost.put(n.path("destination").path("ip").asText(), n);
        }
        String all = r.alerts.toString();
        assertEquals(0, r.exit, r.stderr);
        assertVerdict(byHost, NET + "2", "patched", "SMBv1 accepted", "STATUS_INVALID_HANDLE",
                "no DoublePulsar implant", "SMB2 accepted", "UDP 137 "); // closed (ICMP), unless ICMP rate limits turn it into "open or filtered"
        assertVerdict(byHost, NET + "3", "unknown", "SMBv1 refused", "SMB2 accepted", "not testable");
        assertVerdict(byHost, NET + "4", "unknown", "timeout");
        assertVerdict(byHost, NET + "5", "closed", "connection refused");
        assertVerdict(byHost, NET + "6", "closed"); // no such neighbour: "no answer" or "no route to host"
        String six = byHost.get(NET + "6").path("ferret").path("reasons").toString();
        assertTrue(six.contains("no answer") || six.contains("no route"), six);
        assertEquals(5, r.alerts.size(), all);
        System.out.println("[exposure IT] real samba verdicts in " + r.durationMs + " ms:\n" + r.stderr);
    }

    @Test
    void sweepOfAnEmptySlash24StaysWithinBudget() throws Exception {
        int concurrency = 64;
        int timeout = 400;
        double rate = 200;
        int ports = 3;
        long hosts = 254;
        long connections = hosts * ports;
        long budgetMs = (hosts + concurrency - 1) / concurrency * (ports + 7L) * timeout
                + (long) (connections * 1000 / rate);
        long before = activeOpens();
        Report r = exposure(List.of("198.18.78.0/24", "--concurrency", String.valueOf(concurrency), "--rate",
                "200/s", "--timeout", String.valueOf(timeout), "--quiet"), 120);
        long opened = activeOpens() - before;
        assertEquals(0, r.exit, r.stderr);
        assertEquals(hosts, r.alerts.size());
        assertTrue(r.alerts.stream().allMatch(a -> a.path("rule").path("name").asText().endsWith(": closed")),
                r.alerts.toString());
        assertEquals(connections, r.counter("connections"));
        assertEquals(connections, opened, "kernel TcpActiveOpens in namespace A");
        double perSecond = opened * 1000.0 / r.durationMs;
        System.out.printf("[exposure IT] /24 sweep: %d hosts x %d ports, %d connections in %d ms (budget %d ms), "
                + "%.1f connections/s (limit %.0f)%n", hosts, ports, opened, r.durationMs, budgetMs, perSecond, rate);
        assertTrue(r.durationMs <= budgetMs, r.durationMs + " ms > budget " + budgetMs + " ms");
        assertTrue(perSecond <= rate * 1.02 + 1000.0 / r.durationMs, perSecond + "/s");
    }

    @Test
    void rateLimitHoldsWhenItIsTheBottleneck() throws Exception {
        double rate = 100;
        long before = activeOpens();
        Report r = exposure(List.of("198.18.78.0/24", "--ports", "445", "--concurrency", "254", "--rate", "100",
                "--timeout", "300", "--quiet"), 120);
        long opened = activeOpens() - before;
        assertEquals(0, r.exit, r.stderr);
        assertEquals(254, opened);
        double perSecond = opened * 1000.0 / r.durationMs;
        // the first connection starts at once, the last (n-1)/rate later: any faster would break the limit
        long minimumMs = (long) ((opened - 1) * 1000 / rate);
        System.out.printf("[exposure IT] rate-bound sweep: %d connections in %d ms (at least %d ms allowed), "
                + "%.1f connections/s (limit %.0f)%n", opened, r.durationMs, minimumMs, perSecond, rate);
        assertTrue(r.durationMs >= minimumMs, r.durationMs + " ms < " + minimumMs + " ms");
    }

    private static void assertVerdict(Map<String, JsonNode> byHost, String ip, String verdict, String... evidence) {
        JsonNode n = byHost.get(ip);
        assertTrue(n != null, "no finding for " + ip + ": " + byHost.keySet());
        String name = n.path("rule").path("name").asText();
        assertTrue(name.endsWith(": " + verdict), ip + ": " + n);
        String reasons = n.path("ferret").path("reasons").toString();
        for (String e : evidence) {
            assertTrue(reasons.contains(e), ip + " lacks '" + e + "': " + reasons);
        }
    }

    /** The run's findings, exit code and its own measured duration. */
    private record Report(int exit, List<JsonNode> alerts, JsonNode state, long durationMs, String stderr) {
        long counter(String name) {
            return state.path("ferret").path("coverage").path("counters").path("exposure").path(name).asLong(-1);
        }
    }

    private Report exposure(List<String> args, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile(work, "report", ".jsonl");
        Path err = work.resolve(out.getFileName() + ".err");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", nsA, java(), "-cp", classPath(),
                ExposureCli.class.getName(), "--format", "jsonl", "--output", out.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ferret exposure did not finish within " + timeoutSeconds + " s");
        }
        List<JsonNode> alerts = new ArrayList<>();
        JsonNode state = null;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode n = json.readTree(line);
            if (n.path("event").path("kind").asText().equals("alert")) {
                alerts.add(n);
            } else if (n.path("event").path("kind").asText().equals("state")) {
                state = n;
            }
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(state != null, "no state record; stderr: " + stderr);
        return new Report(p.exitValue(), alerts, state, state.path("ferret").path("scan").path("duration_ms")
                .asLong(), stderr);
    }

    /** Kernel count of TCP connect attempts in namespace A (/proc/net/snmp is per network namespace). */
    private long activeOpens() throws Exception {
        String snmp = run(List.of("ip", "netns", "exec", nsA, "cat", "/proc/net/snmp"), 10);
        String[] names = null;
        for (String line : snmp.split("\n")) {
            if (line.startsWith("Tcp:")) {
                String[] f = line.trim().split("\\s+");
                if (names == null) {
                    names = f;
                } else {
                    for (int i = 0; i < names.length; i++) {
                        if (names[i].equals("ActiveOpens")) {
                            return Long.parseLong(f[i]);
                        }
                    }
                }
            }
        }
        throw new AssertionError("no Tcp ActiveOpens in /proc/net/snmp:\n" + snmp);
    }

    private void smbd(String name, String ip, String minProtocol) throws Exception {
        Path d = work.resolve(name);
        for (String sub : List.of("lock", "state", "cache", "pid", "private", "ncalrpc")) {
            Files.createDirectories(d.resolve(sub));
        }
        String conf = String.join("\n", "[global]", "server role = standalone server", "workgroup = FERRETTEST",
                "interfaces = " + ip + "/32", "bind interfaces only = yes", "smb ports = 445 139",
                "server min protocol = " + minProtocol, "lock directory = " + d.resolve("lock"),
                "state directory = " + d.resolve("state"), "cache directory = " + d.resolve("cache"),
                "pid directory = " + d.resolve("pid"), "private dir = " + d.resolve("private"),
                "ncalrpc dir = " + d.resolve("ncalrpc"), "log file = " + d.resolve("log"), "disable netbios = yes",
                "load printers = no", "printcap name = /dev/null", "disable spoolss = yes",
                "map to guest = Bad User", "") + "\n";
        Files.writeString(d.resolve("smb.conf"), conf);
        // no --no-process-group: smbd then runs in its own session, and the kill(0, SIGTERM) with which it ends its
        // children at shutdown cannot reach this JVM's process group
        started.add(inB(List.of(smbdPath(), "--foreground",
                "--configfile=" + d.resolve("smb.conf")), d.resolve("out")));
    }

    private Process inB(List<String> command, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", nsB));
        cmd.addAll(command);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void waitListening(List<String> endpoints, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String ss = "";
        while (System.nanoTime() < end) {
            ss = run(List.of("ip", "netns", "exec", nsB, "ss", "-ltnH"), 10);
            String s = ss;
            // "198.18.77.2:445" for smbd, "[::ffff:198.18.77.4]:445" for a Java listener
            if (endpoints.stream().allMatch(e -> s.contains(e + " ") || s.contains(e.replace(":", "]:")))) {
                return;
            }
            Thread.sleep(200);
        }
        String logs = "";
        for (String n : List.of("smb1/out", "smb2/out", "silent.out")) {
            Path p = work.resolve(n);
            logs += "\n--- " + n + "\n" + (Files.exists(p) ? Files.readString(p) : "(none)");
        }
        throw new AssertionError("servers not listening after " + seconds + " s: " + ss + logs);
    }

    private static String smbdPath() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(dir, "smbd"))) {
                return Path.of(dir, "smbd").toString();
            }
        }
        return "smbd";
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    private static void sh(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
