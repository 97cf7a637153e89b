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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packed, disguised and foreign executables in a planted tree: a UPX-packed miner under a kernel-thread name in
 * /usr/bin that no package owns, a script posing as a library, Outlaw's kswapd0 in a hidden home folder; packaged
 * files, a non-executable linker script and an old unowned helper stay below high.
 */
class DisguisedExecutableTest {
    private static final String LS = "\u007fELF the real ls";
    private static final Instant OLD = Instant.parse("2019-06-01T00:00:00Z");

    @TempDir
    Path root;

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private Fixture tree(boolean dpkg) throws Exception {
        Fixture t = new Fixture(root)
                .file("/usr/bin/ls", LS)
                .file("/usr/bin/kdevtmpfsi", "\u007fELF\u0002\u0001\u0001 junk UPX! more junk")
                .file("/usr/lib/x86_64-linux-gnu/libntpd.so.2", "#!/bin/bash\nwhile :; do /usr/bin/kdevtmpfsi; done\n")
                .file("/usr/lib/x86_64-linux-gnu/libfoo.so", "/* GNU ld script */\nGROUP ( libfoo.so.1 )\n")
                .file("/usr/sbin/helperd", "\u007fELF an old hand-installed helper")
                .file("/root/.configrc/a/kswapd0", "\u007fELF miner")
                .file("/root/.local/bin/tool", "\u007fELF a user's tool")
                .file("/usr/bin/pg_config.libpq-dev", "#!/bin/sh\n");
        if (dpkg) {
            t.file("/var/lib/dpkg/info/coreutils.md5sums", md5(LS) + "  usr/bin/ls\n")
                    .file("/var/lib/dpkg/info/postgresql-common.md5sums", md5("#!/bin/sh\n") + "  usr/bin/pg_config\n")
                    .file("/var/lib/dpkg/diversions", "/usr/bin/pg_config\n/usr/bin/pg_config.libpq-dev\n"
                            + "postgresql-common\n");
        }
        for (String exe : List.of("/usr/bin/ls", "/usr/bin/kdevtmpfsi", "/usr/lib/x86_64-linux-gnu/libntpd.so.2",
                "/usr/sbin/helperd", "/root/.configrc/a/kswapd0", "/root/.local/bin/tool", "/usr/bin/pg_config.libpq-dev")) {
            t.at(exe).toFile().setExecutable(true);
        }
        Files.setLastModifiedTime(t.at("/usr/sbin/helperd"), FileTime.from(OLD));
        Files.setLastModifiedTime(t.at("/root/.local/bin/tool"), FileTime.from(OLD));
        return t;
    }

    private Map<String, Finding> scan(Fixture tree) {
        DetectionData data = DetectionData.builtIn();
        return new ScanEngine(Catalog.linuxCollectors(data), Catalog.primaryDetectors(), Catalog.pivotDetectors(),
                Clock.systemUTC()).run(new ScanRequest(EnumSet.of(Area.FILES), tree.root(), false,
                        new CollectOptions(Duration.ofMillis(100), false), data), new Coverage())
                .findings().stream().filter(f -> f.ruleId().equals(DisguisedExecutableDetector.ID))
                .collect(Collectors.toMap(f -> f.file().path(), f -> f));
    }

    private static boolean says(Finding f, String text) {
        return f.reasons().stream().anyMatch(r -> r.text().contains(text) && r.weight() > 0);
    }

    @Test
    @Golden("file.disguised-executable")
    void packedDisguisedAndUnownedExecutablesAreWeighedByWhatMeets() throws Exception {
        Map<String, Finding> found = scan(tree(true));

        Finding packed = found.get("/usr/bin/kdevtmpfsi");
        assertTrue(packed != null && says(packed, "packed with UPX") && says(packed, "like a kernel thread")
                && says(packed, "no package owns") && says(packed, "within 30 days"), String.valueOf(packed));
        assertTrue(packed.severity().compareTo(Severity.HIGH) >= 0 && packed.score() > found.get("/usr/sbin/helperd").score(),
                packed.toString());

        Finding lib = found.get("/usr/lib/x86_64-linux-gnu/libntpd.so.2");
        assertTrue(lib != null && says(lib, "a script named like a shared library"), String.valueOf(lib));
        assertTrue(lib.severity().compareTo(Severity.HIGH) >= 0, lib.toString());

        Finding outlaw = found.get("/root/.configrc/a/kswapd0");
        assertTrue(outlaw != null && says(outlaw, "like a kernel thread"), String.valueOf(outlaw));
        assertTrue(outlaw.severity().compareTo(Severity.HIGH) >= 0, outlaw.toString());

        Finding helper = found.get("/usr/sbin/helperd");
        assertTrue(helper != null && says(helper, "no package owns"), String.valueOf(helper));
        assertTrue(helper.severity().compareTo(Severity.HIGH) < 0, "one old hint alone is no alert: " + helper);

        assertFalse(found.containsKey("/usr/bin/ls"), "packaged");
        assertFalse(found.containsKey("/usr/bin/pg_config.libpq-dev"), "a package's file that dpkg-divert moved");
        assertFalse(found.containsKey("/usr/lib/x86_64-linux-gnu/libfoo.so"), "a linker script is not executable");
        assertFalse(found.containsKey("/root/.local/bin/tool"), "an ordinary name in a home: nothing meets");
    }

    @Test
    void withoutAPackageDatabaseSystemDirectoriesAreNotJudgedBlind() throws Exception {
        Map<String, Finding> found = scan(tree(false));
        assertFalse(found.containsKey("/usr/sbin/helperd"), found.keySet().toString());
        assertFalse(found.containsKey("/usr/bin/kdevtmpfsi"), found.keySet().toString());
        assertTrue(found.containsKey("/root/.configrc/a/kswapd0"), found.keySet().toString());
    }
}
