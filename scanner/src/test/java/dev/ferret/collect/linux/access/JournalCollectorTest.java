package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.JournalState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal through journalctl. journald's file format cannot be written here without journald, so the parsing
 * is tested against a stand-in journalctl that prints what the real one prints (-o json, --list-boots with TZ=UTC);
 * the real journalctl is run against an empty journal directory, and the time limit against a journalctl that hangs.
 */
class JournalCollectorTest {
    private static final String BOOT = "0123456789abcdef0123456789abcdef";
    private static final Instant T = Instant.parse("2024-03-10T08:00:00Z");

    @TempDir
    Path root;

    private Path script(String body) throws IOException {
        Path p = root.resolve("bin/journalctl");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static String entry(long seq, Instant t, String ident, int pid, String message) {
        long micros = t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        return "{\"__CURSOR\":\"s=5eed;i=" + Long.toHexString(seq) + ";b=" + BOOT + ";m=1a;t=" + Long.toHexString(micros)
                + ";x=ff\",\"__REALTIME_TIMESTAMP\":\"" + micros + "\",\"__MONOTONIC_TIMESTAMP\":\"1\",\"_BOOT_ID\":\"" + BOOT
                + "\",\"SYSLOG_IDENTIFIER\":\"" + ident + "\",\"_PID\":\"" + pid + "\",\"MESSAGE\":\"" + message + "\"}";
    }

    private Snapshot collect(AccessLimits limits, Path journalctl) {
        Snapshot s = new AccessFixture(root.resolve("image")).snapshot();
        new JournalCollector(limits, journalctl).collect(s, CollectOptions.defaults());
        return s;
    }

    @Test
    void entriesBootsAndMissingSequenceNumbers() throws IOException {
        Path image = root.resolve("image");
        Files.createDirectories(image.resolve("var/log/journal/abc"));
        StringBuilder json = new StringBuilder();
        long seq = 100;
        for (int i = 0; i < 30; i++) {
            json.append(entry(seq++, T.plusSeconds(i), "sshd", 700 + i, "Failed password for root from 203.0.113.5 port "
                    + (4000 + i) + " ssh2")).append('\n');
        }
        seq += 500; // entries removed
        json.append(entry(seq++, T.plusSeconds(60), "sshd", 800, "Accepted password for root from 203.0.113.5 port 5000 ssh2"))
                .append('\n');
        json.append("this line is not JSON\n");
        json.append("{\"MESSAGE\":[104,105]}\n");
        Files.writeString(root.resolve("entries.json"), json);
        Files.writeString(root.resolve("boots.txt"), "-1 " + BOOT + " Sun 2024-03-10 06:00:00 UTC\u2014Sun 2024-03-10 12:00:00 UTC\n");
        Path tool = script("echo \"$@\" >> " + root.resolve("args.txt") + "\nfor a in \"$@\"; do [ \"$a\" = --list-boots ] && { cat "
                + root.resolve("boots.txt") + "; exit 0; }; done\ncat " + root.resolve("entries.json") + "\n");
        Snapshot s = collect(AccessLimits.defaults(), tool);
        AccessFacts facts = AccessSnapshot.of(s);
        JournalState j = facts.journal();
        assertTrue(j.available(), j.note());
        assertEquals(31, j.entries());
        assertEquals(List.of(new JournalState.Boot(BOOT, Instant.parse("2024-03-10T06:00:00Z"),
                Instant.parse("2024-03-10T12:00:00Z"))), j.boots());
        JournalState.Jump jump = j.jumps().get(0);
        assertEquals("sequence", jump.kind());
        assertEquals(129, jump.before());
        assertEquals(630, jump.after());
        FailureSummary f = facts.failures().get(0);
        assertEquals("journal", f.channel());
        assertEquals(30, f.count());
        assertEquals("203.0.113.5", facts.logins().get(0).source());
        assertEquals(2, s.coverage().counter("access", "malformed journal entries"));
        String args = Files.readString(root.resolve("args.txt"));
        assertTrue(args.contains("-D " + image.resolve("var/log/journal").toAbsolutePath().normalize()), args);
        assertTrue(args.contains("-o json"), args);
        assertTrue(facts.boots().stream().anyMatch(b -> b.source().equals("journal boot " + BOOT)));
    }

    @Test
    void anOldJournalctlWithoutOutputFieldsIsAskedAgain() throws IOException {
        Files.createDirectories(root.resolve("image/var/log/journal"));
        Files.writeString(root.resolve("one.json"), entry(1, T, "sshd", 5, "Accepted password for bob from 192.0.2.1 port 1 ssh2") + "\n");
        Path tool = script("for a in \"$@\"; do case \"$a\" in --output-fields*) echo \"journalctl: unrecognized option '$a'\" >&2; "
                + "exit 1;; --list-boots) exit 0;; esac; done\ncat " + root.resolve("one.json") + "\n");
        Snapshot s = collect(AccessLimits.defaults(), tool);
        assertTrue(AccessSnapshot.of(s).journal().available(), AccessSnapshot.of(s).journal().note());
        assertEquals("bob", AccessSnapshot.of(s).logins().get(0).user());
    }

    @Test
    void noJournalctlOrNoJournalIsSaidInCoverage() throws IOException {
        Snapshot none = collect(AccessLimits.defaults(), root.resolve("missing"));
        assertTrue(none.coverage().notes().stream().anyMatch(n -> n.contains("no /var/log/journal in the image")),
                none.coverage().notes().toString());
        Files.createDirectories(root.resolve("image/var/log/journal"));
        Snapshot noTool = collect(AccessLimits.defaults(), root.resolve("missing"));
        assertTrue(noTool.coverage().notes().stream().anyMatch(n -> n.contains("journalctl not found")),
                noTool.coverage().notes().toString());
        assertFalse(AccessSnapshot.of(noTool).journal().available());
    }

    @Test
    void theRealJournalctlOnAnEmptyJournal() throws IOException {
        Path real = Path.of("/usr/bin/journalctl");
        assumeTrue(Files.isExecutable(real), "no journalctl on this host");
        Files.createDirectories(root.resolve("image/var/log/journal"));
        Snapshot s = collect(AccessLimits.defaults(), real);
        JournalState j = AccessSnapshot.of(s).journal();
        assertFalse(j.available());
        assertTrue(s.coverage().notes().stream().anyMatch(n -> n.startsWith("access: journal")), s.coverage().notes().toString());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHangingJournalctlIsKilledAtTheTimeLimit() throws IOException {
        Files.createDirectories(root.resolve("image/var/log/journal"));
        Path tool = script("for a in \"$@\"; do [ \"$a\" = --list-boots ] && exit 0; done\n"
                + "echo '" + entry(1, T, "sshd", 1, "Accepted password for bob from 192.0.2.1 port 1 ssh2") + "'\nexec sleep 60\n");
        long start = System.nanoTime();
        Snapshot s = collect(AccessLimits.defaults().withJournalTimeout(Duration.ofSeconds(2)), tool);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15);
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().contains("time limit")));
        assertEquals(1, AccessSnapshot.of(s).logins().size(), "what was read before the limit is kept");
    }
}
