package dev.ferret.detect.access;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.LinuxSocketCollector;
import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Coverage;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.JournalState;
import dev.ferret.model.access.LoginEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.ferret.collect.linux.access.AccessFixture.dump;
import static dev.ferret.collect.linux.access.AccessFixture.evidence;
import static dev.ferret.collect.linux.access.AccessFixture.one;
import static dev.ferret.collect.linux.access.AccessFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each access detector on the facts that should and should not trigger it. */
class AccessDetectorsTest {
    private static final Instant NOW = Instant.parse("2024-03-11T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ZoneOffset Z = ZoneOffset.UTC;

    @TempDir
    Path root;

    private Snapshot live() {
        return new Snapshot(root, true, new Coverage());
    }

    private static DetectorContext context() {
        return AccessFixture.context(CLOCK);
    }

    private static ProcessInfo process(int pid, int ppid, String name, String cmd, int uid, String user) {
        return new ProcessInfo(pid, ppid, name, "/usr/sbin/" + name, false, false, List.of(cmd.split(" ")), "/", uid, user,
                NOW.minusSeconds(3600), Double.NaN, 1, 1000, Map.of(), List.of(), List.of());
    }

    private static SocketInfo listener(String ip, int port, int pid) {
        return new SocketInfo("tcp", ip.contains(":") ? 6 : 4, new Endpoint(ip, port), new Endpoint(ip.contains(":") ? "::" : "0.0.0.0", 0),
                "LISTEN", 0, 1000L + port, pid > 0 ? List.of(pid) : List.of());
    }

    @Test
    void shippedDataParsesAndBadLinesAreNamed() {
        assertEquals(List.of(), AccessData.builtIn().problems());
        assertEquals(List.of(), dev.ferret.collect.linux.access.AccessPaths.builtIn().problems());
        assertTrue(AccessData.builtIn().exposed().stream().anyMatch(e -> e.port() == 3306 && e.service().equals("mysql")));
        AccessData bad = new AccessData(List.of(new dev.ferret.data.DataLine("x.txt", 3, "3306;mysql", ""),
                new dev.ferret.data.DataLine("x.txt", 4, "70000;big;10", ""),
                new dev.ferret.data.DataLine("x.txt", 5, "22;ssh;15;([", "")), List.of(),
                List.of(new dev.ferret.data.DataLine("y.txt", 1, "^php 5;500", "")), List.of());
        List<String> problems = bad.problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("x.txt:3: "), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("y.txt:1: ")), problems.toString());
        assertTrue(bad.exposed().isEmpty());
    }

    @Test
    void mysqlListeningOnEveryInterfaceLive() {
        Snapshot s = live();
        s.addProcesses(List.of(process(812, 1, "mysqld", "/usr/sbin/mysqld", 27, "mysql"),
                process(900, 1, "redis-server", "/usr/bin/redis-server 127.0.0.1:6379", 110, "redis"),
                process(700, 1, "sshd", "sshd: /usr/sbin/sshd -D", 0, "root")));
        s.addSockets(List.of(listener("0.0.0.0", 3306, 812), listener("::", 3306, 812), listener("127.0.0.1", 6379, 900),
                listener("0.0.0.0", 22, 700), listener("0.0.0.0", 8080, 0)));
        List<Finding> findings = new ExposureDetector().detect(s, context());
        Finding mysql = findings.stream().filter(f -> f.destination().port() == 3306).findFirst()
                .orElseThrow(() -> new AssertionError(dump(findings)));
        assertEquals(Severity.MEDIUM, mysql.severity());
        assertEquals("0.0.0.0", mysql.destination().ip());
        assertEquals(812, mysql.process().pid());
        assertTrue(evidence(mysql, "mysqld (pid 812, user mysql) listens on 0.0.0.0:3306, [::]:3306: every interface"),
                dump(findings));
        assertTrue(findings.stream().noneMatch(f -> f.destination().port() == 6379), "loopback is fine");
        Finding ssh = findings.stream().filter(f -> f.destination().port() == 22).findFirst().orElseThrow();
        assertEquals(Severity.INFO, ssh.severity(), "SSH is meant to be reachable");
    }

    @Test
    void aRealListenerOnEveryInterface() throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 3306));
        } catch (IOException e) {
            server.close();
            assumeTrue(false, "port 3306 is taken: " + e.getMessage());
        }
        try (server) {
            Snapshot s = live();
            new LinuxSocketCollector().collect(s, CollectOptions.defaults());
            List<Finding> findings = new ExposureDetector().detect(s, context());
            Finding mysql = findings.stream().filter(f -> f.destination().port() == 3306).findFirst()
                    .orElseThrow(() -> new AssertionError(dump(findings)));
            assertTrue(evidence(mysql, "listens on 0.0.0.0:3306") || evidence(mysql, "listens on [::]:3306"), dump(findings));
        }
    }

    @Test
    void configuredExposureAndAnOpenRedis() {
        AccessFixture f = new AccessFixture(root).file("/etc/redis/redis.conf", "protected-mode no\nport 6379\n");
        Snapshot s = f.collect();
        Finding redis = one(new ExposureDetector().detect(s, context()), "linux.access.exposed-service");
        assertEquals(Severity.HIGH, redis.severity(), dump(List.of(redis)));
        assertTrue(evidence(redis, "protected-mode off and no requirepass"));
    }

    @Test
    void webWorkersRunningAsRoot() {
        Snapshot s = live();
        s.addProcesses(List.of(process(100, 1, "nginx", "nginx: master process /usr/sbin/nginx", 0, "root"),
                process(101, 100, "nginx", "nginx: worker process", 0, "root"),
                process(102, 100, "nginx", "nginx: worker process", 33, "www-data"),
                process(200, 1, "apache2", "/usr/sbin/apache2 -k start", 0, "root"),
                process(201, 200, "apache2", "/usr/sbin/apache2 -k start", 33, "www-data")));
        List<Finding> findings = new RootServiceDetector().detect(s, context());
        Finding nginx = one(findings, "linux.access.root-service");
        assertEquals(101, nginx.process().pid());
        assertTrue(evidence(nginx, "1 nginx process(es) run as root: 101 (nginx: worker process)"), dump(findings));
        assertEquals(Severity.MEDIUM, nginx.severity());
    }

    @Test
    @Golden({"linux.access.brute-force", "linux.access.login-new-source", "linux.access.login-root-ssh"})
    void newAddressRootPasswordLoginDuringACampaign() {
        Snapshot s = new AccessFixture(root).snapshot();
        AccessFacts facts = AccessSnapshot.of(s);
        List<LoginEvent> logins = new ArrayList<>();
        for (int d = 10; d >= 1; d--) {
            Instant t = NOW.minus(Duration.ofDays(d));
            logins.add(new LoginEvent(t, "admin", "192.168.1.10", "sshd", "publickey", null, null, "auth-log", "/var/log/auth.log:" + d));
            facts.sawEvent(t);
        }
        Instant t = NOW.minus(Duration.ofHours(3));
        logins.add(new LoginEvent(t, "root", "198.51.100.20", "sshd", "password", null, null, "auth-log", "/var/log/auth.log:99"));
        facts.addLogins(logins);
        facts.addFailures(List.of(new FailureSummary("203.0.113.77", "auth-log", 5000, t.minusSeconds(7200), t.minusSeconds(60),
                List.of("root"), 1, "/var/log/auth.log:50")));
        facts.sawEvent(NOW);
        List<Finding> findings = new LoginDetector().detect(s, context());
        Finding fresh = one(findings, "linux.access.login-new-source");
        assertTrue(fresh.severity().compareTo(Severity.MEDIUM) >= 0, dump(findings));
        assertEquals("198.51.100.20", fresh.source().ip());
        assertTrue(evidence(fresh, "while 1 other address(es) were guessing passwords (e.g. 203.0.113.77"), dump(findings));
        Finding rootSsh = one(findings, "linux.access.login-root-ssh");
        assertEquals(Severity.MEDIUM, rootSsh.severity(), "root with a password");
        List<Finding> brute = new BruteForceDetector().detect(s, context());
        Finding b = one(brute, "linux.access.brute-force");
        assertEquals("203.0.113.77", b.source().ip());
        assertEquals(Severity.MEDIUM, b.severity(), "5000 failures is heavy: " + dump(brute));
    }

    @Test
    @Golden({"linux.access.log-cleared", "linux.access.log-missing"})
    void emptiedAndMissingLogs() {
        Instant rot = Instant.parse("2024-03-09T06:25:00Z");
        String line = AccessFixture.bsd(NOW, Z, "h", "CRON", 1, "x") + "\n";
        AccessFixture f = new AccessFixture(root)
                .file("/var/log/syslog", line).mtime("/var/log/syslog", NOW)
                .file("/var/log/auth.log", "").file("/var/log/auth.log.1", AccessFixture.bsd(rot.minusSeconds(30), Z, "h", "CRON", 1, "y") + "\n")
                .mtime("/var/log/auth.log.1", rot.minusSeconds(30)).mtime("/var/log/auth.log", NOW.minusSeconds(3 * 3600))
                .file("/var/log/messages.1", line).mtime("/var/log/messages.1", rot);
        List<Finding> findings = new LogFileDetector().detect(f.collect(), context());
        Finding cleared = one(findings, "linux.access.log-cleared");
        assertEquals("/var/log/auth.log", cleared.file().path());
        assertTrue(evidence(cleared, "after its last rotation (/var/log/auth.log.1)"), dump(findings));
        Finding missing = one(findings, "linux.access.log-missing");
        assertEquals("/var/log/messages", missing.file().path());

        // the same empty log right after its rotation is normal
        AccessFixture g = new AccessFixture(root.resolve("fresh"))
                .file("/var/log/syslog", line).mtime("/var/log/syslog", NOW)
                .file("/var/log/auth.log", "").file("/var/log/auth.log.1", "x\n")
                .mtime("/var/log/auth.log.1", rot.minusSeconds(30)).mtime("/var/log/auth.log", rot);
        assertTrue(rule(new LogFileDetector().detect(g.collect(), context()), "linux.access.log-cleared").isEmpty());
    }

    @Test
    @Golden({"linux.access.login-records-tampered", "linux.access.login-records-lastlog-mismatch"})
    void editedLoginRecordsAndLastlogDisagreeing() {
        Instant t0 = NOW.minus(Duration.ofDays(3));
        byte[] wtmp = new AccessFixture.Records().boot(t0).login("admin", "pts/0", "192.168.1.10", t0.plusSeconds(3600))
                .login("bob", "pts/1", "192.168.1.11", t0.plusSeconds(60)).login("admin", "pts/0", "192.168.1.10", NOW.minusSeconds(600))
                .bytes();
        AccessFixture f = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0::/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/bin/bash\n")
                .bytes("/var/log/wtmp", java.util.Arrays.copyOf(wtmp, wtmp.length + 50))
                .bytes("/var/log/lastlog", AccessFixture.lastlog(1000, new Object[] {0, NOW.minus(Duration.ofDays(1)), "pts/3",
                        "203.0.113.66"}, new Object[] {1000, NOW.minusSeconds(600), "pts/0", "192.168.1.10"}));
        List<Finding> findings = new LoginRecordDetector().detect(f.collect(), context());
        Finding tampered = one(findings, "linux.access.login-records-tampered");
        assertTrue(evidence(tampered, "50 bytes of a cut one"), dump(findings));
        assertTrue(evidence(tampered, "record 2 (bob) at"), dump(findings));
        Finding lastlog = one(findings, "linux.access.login-records-lastlog-mismatch");
        assertTrue(evidence(lastlog, "lastlog: root last logged in at 2024-03-10 12:00:00Z from 203.0.113.66"), dump(findings));
        assertTrue(evidence(lastlog, "from 203.0.113.66") && evidence(lastlog, "has no login of root then"), dump(findings));
    }

    @Test
    @Golden("linux.access.journal-discontinuity")
    void journalEntriesMissing() {
        Snapshot s = new AccessFixture(root).snapshot();
        AccessSnapshot.of(s).journal(new JournalState(true, "test", 100, List.of(), List.of(new JournalState.Jump("sequence",
                NOW, NOW.minusSeconds(7200), 41, 900, "0123456789abcdef"))));
        Finding f = one(new JournalDetector().detect(s, context()), "linux.access.journal-discontinuity");
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(evidence(f, "entries 42 to 899 of boot 01234567 are missing"), dump(List.of(f)));
    }

    @Test
    @Golden("linux.access.history-cleared")
    void historyThrownAway() {
        AccessFixture f = new AccessFixture(root).file("/etc/passwd", "root:x:0:0::/root:/bin/bash\n")
                .link("/root/.bash_history", "/dev/null");
        List<Finding> findings = new HistoryDetector().detect(f.collect(), context());
        Finding h = one(findings, "linux.access.history-cleared");
        assertEquals(Severity.MEDIUM, h.severity());
        assertTrue(evidence(h, "/root/.bash_history is a link to /dev/null"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void malformedInputsFinishInBoundedTimeAndAreCounted() {
        Instant t = Instant.parse("2024-03-10T08:00:00Z");
        byte[] wtmp = new AccessFixture.Records().boot(t).login("root", "pts/0", "203.0.113.9", t.plusSeconds(5)).bytes();
        byte[] junk = new byte[100_000];
        new java.util.Random(3).nextBytes(junk);
        AccessFixture f = new AccessFixture(root)
                .bytes("/var/log/wtmp", java.util.Arrays.copyOf(wtmp, wtmp.length - 17))
                .bytes("/var/log/btmp", junk)
                .bytes("/var/log/auth.log", junk)
                .sparse("/var/log/syslog", 2L << 30)
                .gzip("/var/log/syslog.1.gz", "not a log\n\u0000\u0001\u0002\n");
        long start = System.nanoTime();
        Snapshot s = f.collect();
        List<Finding> findings = AccessFixture.detect(s, CLOCK);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60);
        Coverage c = s.coverage();
        assertTrue(c.counter("access", "malformed login records") >= 2, c.counters().toString());
        assertTrue(c.counter("access", "malformed log lines") >= 3, c.counters().toString());
        assertTrue(findings.stream().anyMatch(x -> x.ruleId().equals("linux.access.login-records-tampered")), dump(findings));
    }
}
