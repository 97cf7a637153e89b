package dev.ferret.collect.linux.persistence;

import dev.ferret.model.Coverage;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reading a hostile or odd tree: links stay inside the root, FIFOs are never opened, failures become coverage. */
class CollectionSafetyTest {
    @TempDir
    Path root;

    private static boolean gap(Coverage c, String reasonStart, String subject) {
        return c.gaps().stream().anyMatch(g -> g.area().equals("persistence") && g.reason().startsWith(reasonStart)
                && g.examples().stream().anyMatch(x -> x.startsWith(subject)));
    }

    @Test
    void absoluteSymlinkResolvesInsideTheFixtureRootNotOnTheLiveHost() {
        Fixture f = new Fixture(root)
                .file("/etc/shadow-like", "* * * * * root /usr/bin/fixture-marker\n")
                .link("/etc/cron.d/x", "/etc/shadow-like")
                // exists on the live host, not in the fixture: must not be read
                .link("/etc/cron.d/y", "/etc/hostname")
                .link("/etc/cron.d/z", "../../../../../../../../etc/passwd");
        Snapshot s = f.collect(new CronCollector());
        List<PersistenceEntry> cron = s.persistence();
        assertEquals(1, cron.size(), "only the link into the fixture yields an entry: " + cron);
        assertEquals("/etc/cron.d/x", cron.get(0).path());
        assertEquals("/usr/bin/fixture-marker", cron.get(0).command());
    }

    @Test
    void linkInAParentDirectoryIsResolvedInsideTheRootToo() {
        Fixture f = new Fixture(root)
                .file("/opt/weekly/backup", "#!/bin/sh\n/opt/weekly/run-backup\n")
                .link("/etc/cron.weekly", "/opt/weekly")
                .file("/usr/lib/systemd/system/x.service", "[Service]\nExecStart=/usr/bin/fixture-x\n")
                .link("/lib", "/usr/lib");
        assertEquals(f.at("/usr/lib/systemd/system/x.service"),
                RootedFiles.locate(root, "/lib/systemd/system/x.service"));
        assertEquals(RootedFiles.Status.MISSING, RootedFiles.resolve(root, "/lib/systemd/system/nope").status());
        Snapshot s = f.collectAll();
        assertTrue(s.persistence().stream().anyMatch(e -> e.path().equals("/etc/cron.weekly/backup")
                && e.command().contains("/opt/weekly/run-backup")));
        assertTrue(s.persistence().stream().anyMatch(e -> e.command().equals("/usr/bin/fixture-x")));
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().startsWith("/usr/lib/systemd/system/")
                && !e.path().endsWith("x.service")), "nothing from the live host's /usr/lib");
    }

    @Test
    void fifoInCronDIsSkippedWithoutBlocking() throws Exception {
        Fixture f = new Fixture(root).file("/etc/cron.d/a", "* * * * * root /bin/true\n").dir("/etc/cron.d");
        Process mkfifo = new ProcessBuilder("mkfifo", f.at("/etc/cron.d/pipe").toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo unavailable");
        Snapshot s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> f.collectAll());
        assertEquals(1, Fixture.of(s, "cron").size());
        assertTrue(gap(s.coverage(), "not a regular file", "/etc/cron.d/pipe"), s.coverage().gaps().toString());
    }

    @Test
    void linkLoopAndOversizedFileAreCoverageGaps() {
        StringBuilder big = new StringBuilder();
        while (big.length() <= HostFiles.MAX_FILE_BYTES) {
            big.append("0 * * * * root /usr/bin/true # padding padding padding padding padding\n");
        }
        Fixture f = new Fixture(root)
                .link("/etc/cron.d/loop1", "/etc/cron.d/loop2")
                .link("/etc/cron.d/loop2", "/etc/cron.d/loop1")
                .file("/etc/cron.d/huge", big.toString());
        Snapshot s = f.collect(new CronCollector());
        assertTrue(gap(s.coverage(), "symlink loop", "/etc/cron.d/loop1"), s.coverage().gaps().toString());
        assertTrue(gap(s.coverage(), "larger than 1 MiB", "/etc/cron.d/huge"), s.coverage().gaps().toString());
        assertTrue(Fixture.of(s, "cron").size() > 1000, "the start of the big file is still read");
    }

    @Test
    void unreadableFileIsAPermissionGap() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads mode-000 files: nothing to test");
        Fixture f = new Fixture(root).file("/var/spool/cron/crontabs/alice", "* * * * * /bin/true\n");
        Files.setPosixFilePermissions(f.at("/var/spool/cron/crontabs/alice"), PosixFilePermissions.fromString("---------"));
        try {
            Snapshot s = f.collect(new CronCollector());
            assertTrue(gap(s.coverage(), "permission denied", "/var/spool/cron/crontabs/alice"));
        } finally {
            Files.setPosixFilePermissions(f.at("/var/spool/cron/crontabs/alice"), PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void missingTreeYieldsZeroCountsAndNoErrors() {
        Snapshot s = new Fixture(root).collectAll();
        assertTrue(s.persistence().isEmpty());
        assertEquals(0, s.coverage().counter("persistence", "cron entries"));
        assertTrue(s.coverage().counters().get("persistence").containsKey("cron entries"));
        assertTrue(s.coverage().gaps().isEmpty(), s.coverage().gaps().toString());
    }

    @Test
    void binaryDroppedIntoCronDailyIsKeptAsAnEntry() {
        Fixture f = new Fixture(root).bytes("/etc/cron.hourly/0anacron", new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
        Snapshot s = f.collect(new CronCollector());
        PersistenceEntry e = Fixture.of(s, "cron").get(0);
        assertTrue(e.command().startsWith("[binary file"), e.command());
        assertEquals(List.of("/etc/cron.hourly/0anacron"), e.references());
    }
}
