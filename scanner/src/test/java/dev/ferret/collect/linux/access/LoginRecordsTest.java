package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;
import dev.ferret.model.access.BootRecord;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.LastLogEntry;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.UtmpFileState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wtmp, btmp and lastlog written byte for byte as glibc writes them, then read back. */
class LoginRecordsTest {
    private static final Instant T0 = Instant.parse("2024-03-10T08:00:00Z");

    @TempDir
    Path root;

    private Snapshot collect(AccessFixture f, AccessCollector... collectors) {
        Snapshot s = f.snapshot();
        for (AccessCollector c : collectors) {
            c.collect(s, CollectOptions.defaults());
        }
        return s;
    }

    private static AccessFacts facts(Snapshot s) {
        return AccessSnapshot.of(s);
    }

    @Test
    void bothTimeLayoutsAreRecognisedAndRead() {
        for (boolean time64 : new boolean[] {false, true}) {
            AccessFixture f = new AccessFixture(root.resolve(time64 ? "t64" : "t32"));
            f.bytes("/var/log/wtmp", new AccessFixture.Records(time64).boot(T0).login("root", "pts/0", "203.0.113.9",
                    T0.plusSeconds(60)).logout("pts/0", T0.plusSeconds(600)).shutdown(T0.plusSeconds(900)).bytes());
            AccessFacts facts = facts(collect(f, new UtmpCollector(AccessLimits.defaults())));
            UtmpFileState w = facts.utmpFiles().get(0);
            assertEquals(time64 ? 400 : 384, w.recordSize());
            assertEquals(4, w.records());
            assertEquals(0, w.trailingBytes());
            LoginEvent login = facts.logins().get(0);
            assertEquals("root", login.user());
            assertEquals("203.0.113.9", login.source());
            assertEquals("pts/0", login.terminal());
            assertEquals(T0.plusSeconds(60), login.time());
            assertEquals("/var/log/wtmp#1", login.origin());
            List<BootRecord> boots = facts.boots();
            assertEquals(2, boots.size());
            assertFalse(boots.get(0).shutdown());
            assertTrue(boots.get(1).shutdown());
        }
    }

    @Test
    void btmpFailuresAreSummedPerSource() {
        AccessFixture.Records b = new AccessFixture.Records();
        for (int i = 0; i < 50; i++) {
            b.failure(i % 2 == 0 ? "root" : "oracle", "198.51.100.4", T0.plusSeconds(i));
        }
        b.failure("admin", "192.0.2.1", T0.plusSeconds(100));
        AccessFacts facts = facts(collect(new AccessFixture(root).bytes("/var/log/btmp", b.bytes()),
                new UtmpCollector(AccessLimits.defaults())));
        FailureSummary top = facts.failures().get(0);
        assertEquals("198.51.100.4", top.source());
        assertEquals("btmp", top.channel());
        assertEquals(50, top.count());
        assertEquals(T0, top.first());
        assertEquals(T0.plusSeconds(49), top.last());
        assertEquals(List.of("root", "oracle"), top.users());
    }

    @Test
    void truncatedWtmpIsReadUpToTheCutAndCounted() {
        byte[] whole = new AccessFixture.Records().boot(T0).login("root", "pts/0", "203.0.113.9", T0.plusSeconds(5))
                .login("bob", "pts/1", "203.0.113.10", T0.plusSeconds(9)).bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 100);
        Snapshot s = collect(new AccessFixture(root).bytes("/var/log/wtmp", cut), new UtmpCollector(AccessLimits.defaults()));
        UtmpFileState w = facts(s).utmpFiles().get(0);
        assertEquals(2, w.records());
        assertEquals(284, w.trailingBytes());
        assertEquals(1, facts(s).logins().size(), "the cut third record is not read");
        assertTrue(s.coverage().counter("access", "malformed login records") >= 1);
        assertTrue(s.coverage().gaps().stream().anyMatch(g -> g.reason().contains("not a whole number")));
    }

    @Test
    void recordsGoingBackInTimeAndZeroedRecordsAreNoted() {
        byte[] wtmp = new AccessFixture.Records().boot(T0).login("root", "pts/0", "203.0.113.9", T0.plusSeconds(7200))
                .empty().login("bob", "pts/1", "192.0.2.5", T0.plusSeconds(60)).bytes();
        UtmpFileState w = facts(collect(new AccessFixture(root).bytes("/var/log/wtmp", wtmp),
                new UtmpCollector(AccessLimits.defaults()))).utmpFiles().get(0);
        assertEquals(1, w.backwards().size());
        assertEquals(3, w.backwards().get(0).index());
        assertEquals("bob", w.backwards().get(0).user());
        assertEquals(1, w.emptyRecords());
    }

    @Test
    void junkRecordsAreCountedNotParsed() {
        byte[] junk = new byte[384];
        java.util.Arrays.fill(junk, (byte) 0x41);
        byte[] wtmp = new AccessFixture.Records().boot(T0).raw(junk).login("root", "pts/0", "203.0.113.9", T0.plusSeconds(3))
                .bytes();
        Snapshot s = collect(new AccessFixture(root).bytes("/var/log/wtmp", wtmp), new UtmpCollector(AccessLimits.defaults()));
        assertEquals(1, facts(s).utmpFiles().get(0).invalid());
        assertEquals(1, facts(s).logins().size());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void lastlogIsReadByUidFromAHugeSparseFile() {
        AccessFixture f = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0::/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/bash\n"
                        + "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n")
                .bytes("/var/log/lastlog", AccessFixture.lastlog(1000, new Object[] {0, T0, "pts/0", "203.0.113.9"},
                        new Object[] {1000, T0.plusSeconds(30), "pts/1", "192.0.2.5"}));
        // a lastlog as large as a uid near 2^32 makes it (sparse): only the passwd uids are read
        f.sparse("/var/log/lastlog", 292L * 4_294_967_295L);
        List<LastLogEntry> entries = facts(collect(f, new LastlogCollector(AccessLimits.defaults()))).lastlog();
        assertEquals(2, entries.size());
        assertEquals("root", entries.get(0).user());
        assertEquals("203.0.113.9", entries.get(0).source());
        assertEquals(T0.plusSeconds(30), entries.get(1).time());
    }
}
