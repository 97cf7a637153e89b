package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.LogActivity;
import dev.ferret.model.access.LogFileState;
import dev.ferret.model.access.LoginEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** auth.log/secure/syslog in their real formats: rotated and gzipped, year-less, damaged, enormous. */
class SyslogCollectorTest {
    private static final ZoneId Z = AccessFixture.UTC;

    @TempDir
    Path root;

    private static Snapshot collect(AccessFixture f) {
        return collect(f, AccessLimits.defaults());
    }

    private static Snapshot collect(AccessFixture f, AccessLimits limits) {
        Snapshot s = f.snapshot();
        new SyslogCollector(limits).collect(s, CollectOptions.defaults());
        return s;
    }

    private static AccessFacts facts(Snapshot s) {
        return AccessSnapshot.of(s);
    }

    @Test
    void yearIsInferredFromTheFileTimeAcrossNewYear() {
        Instant dec30 = Instant.parse("2023-12-30T22:00:00Z");
        Instant jan2 = Instant.parse("2024-01-02T03:00:00Z");
        AccessFixture f = new AccessFixture(root).file("/etc/timezone", "Etc/UTC\n").file("/var/log/auth.log",
                AccessFixture.bsd(dec30, Z, "h", "sshd", 10, "Accepted password for bob from 192.0.2.7 port 1 ssh2") + "\n"
                        + AccessFixture.bsd(Instant.parse("2023-12-31T23:59:59Z"), Z, "h", "CRON", 11, "x") + "\n"
                        + AccessFixture.bsd(Instant.parse("2024-01-01T00:00:01Z"), Z, "h", "CRON", 12, "y") + "\n"
                        + AccessFixture.bsd(jan2, Z, "h", "sshd", 13, "Accepted publickey for root from 192.0.2.8 port 2 ssh2: "
                        + "RSA SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG") + "\n")
                .file("/var/log/auth.log.1", AccessFixture.bsd(Instant.parse("2023-12-31T10:00:00Z"), Z, "h", "sshd", 9,
                        "Accepted password for carol from 192.0.2.9 port 3 ssh2") + "\n")
                .mtime("/var/log/auth.log", jan2.plusSeconds(5))
                .mtime("/var/log/auth.log.1", Instant.parse("2024-01-01T06:25:00Z"));
        AccessFacts facts = facts(collect(f));
        List<LoginEvent> logins = facts.logins();
        assertTrue(logins.stream().anyMatch(e -> e.user().equals("bob") && e.time().equals(dec30)), logins.toString());
        LoginEvent root = logins.stream().filter(e -> e.user().equals("root")).findFirst().orElseThrow();
        assertEquals(jan2, root.time());
        assertEquals("publickey", root.method());
        assertEquals("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", root.fingerprint());
        assertEquals("/var/log/auth.log:4", root.origin());
        assertTrue(logins.stream().anyMatch(e -> e.user().equals("carol")
                && e.time().equals(Instant.parse("2023-12-31T10:00:00Z"))), "the rotated file's December is 2023");
    }

    @Test
    void localTimeOfTheHostZoneAndIsoTimestamps() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant t = Instant.parse("2024-07-01T10:00:00Z");
        AccessFixture f = new AccessFixture(root).link("/etc/localtime", "/usr/share/zoneinfo/Europe/Berlin")
                .file("/var/log/auth.log", AccessFixture.bsd(t, berlin, "h", "sshd", 1,
                        "Accepted password for bob from 192.0.2.7 port 1 ssh2") + "\n")
                .file("/var/log/secure", AccessFixture.iso(t.plusSeconds(60), berlin, "h", "sshd", 2,
                        "Accepted password for alice from 192.0.2.8 port 1 ssh2") + "\n")
                .mtime("/var/log/auth.log", t.plusSeconds(10)).mtime("/var/log/secure", t.plusSeconds(70));
        List<LoginEvent> logins = facts(collect(f)).logins();
        assertEquals(t, logins.stream().filter(e -> e.user().equals("bob")).findFirst().orElseThrow().time());
        assertEquals(t.plusSeconds(60).plusMillis(123).plusNanos(456000),
                logins.stream().filter(e -> e.user().equals("alice")).findFirst().orElseThrow().time());
    }

    @Test
    void rotatedGzipSiblingsAreReadAndFailuresCountedOncePerAttempt() {
        Instant t = Instant.parse("2024-03-10T08:00:00Z");
        StringBuilder older = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            older.append(AccessFixture.bsd(t.plusSeconds(i), Z, "h", "sshd", 100 + i,
                    "Failed password for root from 203.0.113.5 port " + (1000 + i) + " ssh2")).append('\n');
        }
        // an invalid user: "Invalid user" and "Failed password for invalid user" of one connection are one attempt
        older.append(AccessFixture.bsd(t.plusSeconds(20), Z, "h", "sshd", 200, "Invalid user oracle from 203.0.113.5 port 2000"))
                .append('\n').append(AccessFixture.bsd(t.plusSeconds(21), Z, "h", "sshd", 200,
                        "Failed password for invalid user oracle from 203.0.113.5 port 2000 ssh2")).append('\n');
        older.append(AccessFixture.bsd(t.plusSeconds(30), Z, "h", "sshd", 300,
                "message repeated 5 times: [ Failed password for root from 203.0.113.5 port 3000 ssh2]")).append('\n');
        AccessFixture f = new AccessFixture(root).file("/etc/timezone", "UTC\n")
                .gzip("/var/log/auth.log.2.gz", older.toString())
                .file("/var/log/auth.log.1", AccessFixture.bsd(t.plusSeconds(3600), Z, "h", "sshd", 400,
                        "Accepted password for root from 203.0.113.5 port 4000 ssh2") + "\n")
                .file("/var/log/auth.log", "")
                .mtime("/var/log/auth.log.2.gz", t.plusSeconds(31)).mtime("/var/log/auth.log.1", t.plusSeconds(3601));
        AccessFacts facts = facts(collect(f));
        FailureSummary s = facts.failures().stream().filter(x -> x.source().equals("203.0.113.5")).findFirst().orElseThrow();
        assertEquals(16, s.count(), "10 + 1 invalid user + 5 repeated");
        assertEquals("auth-log", s.channel());
        assertTrue(s.origin().startsWith("/var/log/auth.log.2.gz:"), s.origin());
        assertEquals(1, facts.logins().size());
        List<String> read = facts.logFiles().stream().map(LogFileState::path).toList();
        assertTrue(read.containsAll(List.of("/var/log/auth.log", "/var/log/auth.log.1", "/var/log/auth.log.2.gz")), read.toString());
    }

    @Test
    void binaryJunkIsCountedAndTheRestStillRead() {
        Instant t = Instant.parse("2024-03-10T08:00:00Z");
        byte[] junk = new byte[3000];
        new java.util.Random(7).nextBytes(junk);
        String good = AccessFixture.bsd(t, Z, "h", "sshd", 1, "Accepted password for bob from 192.0.2.7 port 1 ssh2") + "\n";
        String after = AccessFixture.bsd(t.plusSeconds(5), Z, "h", "sshd", 2, "Accepted password for eve from 192.0.2.8 port 1 ssh2") + "\n";
        byte[] content = concat(good.getBytes(StandardCharsets.UTF_8), junk, "\n\u0000\u0000\u0000\n".getBytes(StandardCharsets.UTF_8),
                "this is not a syslog line\n".getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8));
        AccessFixture f = new AccessFixture(root).bytes("/var/log/auth.log", content).mtime("/var/log/auth.log", t.plusSeconds(6));
        Snapshot s = collect(f);
        assertEquals(2, facts(s).logins().size());
        LogFileState state = facts(s).logFiles().get(0);
        assertTrue(state.malformed() >= 3, "junk lines counted: " + state.malformed());
        assertTrue(s.coverage().counter("access", "malformed log lines") >= 3);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTwoGigabyteLogIsReadFromItsEndWithinBounds() throws IOException {
        Instant t = Instant.parse("2024-03-10T08:00:00Z");
        AccessFixture f = new AccessFixture(root).sparse("/var/log/auth.log", 2L << 30);
        try (var raf = new java.io.RandomAccessFile(f.at("/var/log/auth.log").toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(("\n" + AccessFixture.bsd(t, Z, "h", "sshd", 1, "Accepted password for bob from 192.0.2.7 port 1 ssh2")
                    + "\n").getBytes(StandardCharsets.UTF_8));
        }
        f.sparse("/var/log/syslog", 2L << 30).mtime("/var/log/auth.log", t.plusSeconds(1));
        long start = System.nanoTime();
        Snapshot s = collect(f);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 30, "took " + seconds + " s");
        assertEquals(1, facts(s).logins().size(), "the newest line, at the end of 2 GB, is read");
        LogFileState auth = facts(s).logFiles().stream().filter(x -> x.path().equals("/var/log/auth.log")).findFirst().orElseThrow();
        assertTrue(auth.partial());
        LogFileState syslog = facts(s).logFiles().stream().filter(x -> x.path().equals("/var/log/syslog")).findFirst().orElseThrow();
        assertTrue(syslog.malformed() >= 1, "a file of zeros is junk, counted");
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().contains("only its newest part")
                && g.examples().contains("/var/log/syslog")));
    }

    @Test
    void aTruncatedGzipKeepsWhatDecompressed() throws IOException {
        Instant t = Instant.parse("2024-03-10T08:00:00Z");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            b.append(AccessFixture.bsd(t.plusSeconds(i), Z, "h", "sshd", i, "Failed password for root from 203.0.113.5 port "
                    + i + " ssh2")).append('\n');
        }
        AccessFixture f = new AccessFixture(root).gzip("/var/log/auth.log.2.gz", b.toString());
        byte[] gz = Files.readAllBytes(f.at("/var/log/auth.log.2.gz"));
        f.bytes("/var/log/auth.log.2.gz", java.util.Arrays.copyOf(gz, gz.length / 2)).mtime("/var/log/auth.log.2.gz", t.plusSeconds(3000));
        Snapshot s = collect(f);
        FailureSummary fs = facts(s).failures().get(0);
        assertTrue(fs.count() > 100 && fs.count() < 2000, "part of it: " + fs.count());
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().contains("truncated or corrupt")));
        assertTrue(facts(s).logFiles().stream().anyMatch(x -> x.path().equals("/var/log/auth.log") && !x.exists()),
                "the live log is missing while a rotation exists");
    }

    @Test
    void aFifoIsNeverOpened() throws Exception {
        AccessFixture f = new AccessFixture(root).file("/var/log/auth.log.1", "");
        Files.createDirectories(f.at("/var/log"));
        Process mkfifo = new ProcessBuilder("mkfifo", f.at("/var/log/auth.log").toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo unavailable");
        Snapshot s = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> collect(f));
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().contains("not a regular file")));
    }

    @Test
    void activityShowsTheLongestSilence() {
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6 * 24 * 3; i++) {
            Instant at = t.plus(Duration.ofMinutes(10L * i));
            if (at.isAfter(Instant.parse("2024-03-02T08:00:00Z")) && at.isBefore(Instant.parse("2024-03-02T17:00:00Z"))) {
                continue;
            }
            b.append(AccessFixture.bsd(at, Z, "h", "CRON", i, "(root) CMD (true)")).append('\n');
        }
        AccessFixture f = new AccessFixture(root).file("/var/log/syslog", b.toString())
                .mtime("/var/log/syslog", Instant.parse("2024-03-03T23:50:00Z"));
        LogActivity a = facts(collect(f)).activity().get(0);
        assertEquals("syslog", a.family());
        assertNotNull(a.longest());
        assertEquals(Instant.parse("2024-03-02T08:00:00Z"), a.longest().get(0).from());
        assertEquals(Instant.parse("2024-03-02T17:00:00Z"), a.longest().get(0).to());
        assertEquals(Duration.ofMinutes(10), a.p99Interval());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
