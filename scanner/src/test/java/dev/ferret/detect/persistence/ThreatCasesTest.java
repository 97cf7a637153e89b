package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.collect.linux.persistence.Scenarios;
import dev.ferret.model.Finding;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** THREATS.md cases 1, 3 and 5 as fixture trees, collected and judged end to end. */
class ThreatCasesTest {
    @TempDir
    Path root;

    static String dump(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.severity() + " " + f.score() + " "
                + (f.persistence() != null ? f.persistence().location() : "-") + " "
                + f.reasons().stream().map(r -> r.text() + " [" + r.weight() + "]").collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n"));
    }

    static List<Finding> rule(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    static Finding one(List<Finding> findings, String id, String path, int line) {
        return findings.stream().filter(f -> f.ruleId().equals(id) && f.persistence() != null
                        && f.persistence().path().equals(path) && f.persistence().line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " at " + path + ":" + line + " in\n" + dump(findings)));
    }

    static boolean evidence(Finding f, String text) {
        return f.reasons().stream().map(Reason::text).anyMatch(t -> t.contains(text));
    }

    static void atLeast(Severity min, Finding f) {
        assertTrue(f.severity().compareTo(min) >= 0, f.ruleId() + " is " + f.severity() + " (" + f.score()
                + "), expected at least " + min + ": " + f.reasons());
    }

    @Test
    @Golden({"linux.persistence.copy-run-delete", "linux.persistence.ld-preload", "linux.persistence.supervisord-hidden-config", "linux.persistence.supervisord-program"})
    void case1PreloadHiderCopyRunDeleteAndHiddenSupervisord() {
        Snapshot s = Scenarios.case1(new Fixture(root)).collectAll();
        List<Finding> findings = Fixture.detect(s);

        Finding preload = one(findings, "linux.persistence.ld-preload", "/etc/ld.so.preload", 1);
        atLeast(Severity.HIGH, preload);
        assertTrue(preload.techniques().contains("T1574.006"));
        assertEquals("/usr/local/lib/libprocesshider.so", preload.file().path());
        assertNotNull(preload.file().md5());
        assertTrue(evidence(preload, "libprocesshider.so"));
        assertTrue(preload.response().stream().anyMatch(r -> r.startsWith("remove line 1 (/usr/local/lib/libprocesshider.so) from /etc/ld.so.preload")),
                preload.response().toString());

        Finding php = one(findings, "linux.persistence.copy-run-delete", "/etc/profile.d/php.sh", 1);
        atLeast(Severity.HIGH, php);
        assertTrue(evidence(php, "/bin/-bash"), dump(List.of(php)));
        assertEquals("/bin/shh", php.file().path());
        assertTrue(php.techniques().containsAll(List.of("T1546.004", "T1070.004")));
        assertTrue(php.response().stream().anyMatch(r -> r.startsWith("remove lines 1-4 of /etc/profile.d/php.sh")),
                php.response().toString());

        Finding cron = one(findings, "linux.persistence.copy-run-delete", "/etc/crontab", 5);
        atLeast(Severity.HIGH, cron);
        assertTrue(evidence(cron, "/tmp/.sh"), dump(List.of(cron)));
        assertEquals("/etc/.sh", cron.file().path());
        assertEquals(php.file().md5(), cron.file().md5(), "the copies share one hash");
        assertTrue(cron.techniques().contains("T1053.003"));
        assertTrue(cron.response().stream().anyMatch(r -> r.startsWith("remove line 5 of /etc/crontab")));

        Finding config = rule(findings, "linux.persistence.supervisord-hidden-config").stream()
                .filter(f -> f.file().path().equals("/etc/.supervisor/supervisord.conf")).findFirst()
                .orElseThrow(() -> new AssertionError(dump(findings)));
        atLeast(Severity.HIGH, config);
        assertTrue(evidence(config, "/etc/profile.d/supervisor.sh:1"), dump(List.of(config)));
        assertTrue(config.response().stream().anyMatch(r -> r.startsWith("remove line 1 of /etc/profile.d/supervisor.sh")),
                config.response().toString());

        Finding program = one(findings, "linux.persistence.supervisord-program", "/etc/.supervisor/conf.d/123.conf", 2);
        atLeast(Severity.HIGH, program);
        assertEquals("/etc/spts", program.file().path());
        assertEquals(php.file().md5(), program.file().md5());
    }

    @Test
    void case1SupervisordProgramIsHighWithoutTheFileNameIoc() {
        // the IOC names are examples: /opt/.x is nobody's IOC, and the launch from a profile still makes it high
        Fixture f = new Fixture(root)
                .file("/etc/profile.d/zz.sh", "nohup supervisord -c /var/lib/.cache/s.conf >/dev/null 2>&1 &\n")
                .file("/var/lib/.cache/s.conf", "[include]\nfiles = p/*.ini\n")
                .file("/var/lib/.cache/p/a.ini", "[program:a]\ncommand=/etc/kworkerd -B\n");
        List<Finding> findings = Fixture.detect(f.collectAll());
        atLeast(Severity.HIGH, one(findings, "linux.persistence.supervisord-program", "/var/lib/.cache/p/a.ini", 2));
        atLeast(Severity.MEDIUM, rule(findings, "linux.persistence.supervisord-hidden-config").get(0));
    }

    @Test
    @Golden({"linux.persistence.ssh-key-command", "linux.persistence.ssh-key-recent", "linux.persistence.suspicious-path"})
    void case3HiddenDirCronJobsAndAttackerKeys() {
        Snapshot s = Scenarios.case3(new Fixture(root)).collectAll();
        List<Finding> findings = Fixture.detect(s);
        for (int line = 1; line <= 5; line++) {
            Finding f = one(findings, "linux.persistence.suspicious-path", "/var/spool/cron/root", line);
            atLeast(Severity.HIGH, f);
            assertTrue(evidence(f, "/root/.bashtemp/"), dump(List.of(f)));
            assertTrue(f.techniques().contains("T1053.003"));
            assertTrue(f.response().stream().anyMatch(r -> r.contains("crontab -u root -e")), f.response().toString());
        }
        Finding forced = one(findings, "linux.persistence.ssh-key-command", "/root/.ssh/authorized_keys", 2);
        atLeast(Severity.MEDIUM, forced);
        assertTrue(evidence(forced, "/tmp/.x/upd"));
        assertTrue(forced.techniques().contains("T1098.004"));
        Finding recent = rule(findings, "linux.persistence.ssh-key-recent").get(0);
        assertEquals(Severity.LOW, recent.severity(), "a recently changed key file alone is a weak hint");
        assertFalse(findings.stream().anyMatch(f -> f.ruleId().equals("linux.persistence.ssh-key-command")
                && f.persistence().line() == 1), "a plain key is no finding");
    }

    @Test
    void case3WithoutTheIocNameAHiddenHomeDirCronJobIsStillReported() {
        Fixture f = new Fixture(root).file("/var/spool/cron/root", "*/2 * * * * /root/.cfg/kthreadd >/dev/null\n");
        Finding finding = one(Fixture.detect(f.collectAll()), "linux.persistence.suspicious-path",
                "/var/spool/cron/root", 1);
        atLeast(Severity.MEDIUM, finding);
    }

    @Test
    @Golden("linux.persistence.download-exec")
    void case5DdgDownloadAndExecuteInBothSpools() {
        Snapshot s = Scenarios.case5(new Fixture(root)).collectAll();
        List<Finding> findings = Fixture.detect(s);
        for (String path : List.of("/var/spool/cron/root", "/var/spool/cron/crontabs/root")) {
            for (int line : new int[] {2, 3}) {
                Finding f = one(findings, "linux.persistence.download-exec", path, line);
                atLeast(Severity.HIGH, f);
                assertTrue(f.techniques().containsAll(List.of("T1053.003", "T1105")));
                assertTrue(evidence(f, "218.248.40.228"), dump(List.of(f)));
                assertTrue(f.response().contains("block outbound traffic to 218.248.40.228 (iptables -A OUTPUT -d "
                        + "218.248.40.228 -j DROP)"), f.response().toString());
                assertTrue(f.response().stream().anyMatch(r -> r.startsWith("remove line " + line + " of " + path)));
            }
        }
        assertEquals(4, rule(findings, "linux.persistence.download-exec").size(), dump(findings));
        assertTrue(rule(findings, "linux.persistence.suspicious-command").isEmpty(),
                "the bare-IP pattern supports download-exec instead of reporting alone: " + dump(findings));
    }
}
