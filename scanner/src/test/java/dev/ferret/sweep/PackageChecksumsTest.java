package dev.ferret.sweep;

import dev.ferret.collect.linux.dpkg.PackagedFiles;
import dev.ferret.model.Coverage;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's package check reads dpkg's records only when a file needs them, and shares the scan's one index. */
class PackageChecksumsTest {
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @Test
    void theIndexIsReadOnFirstUseAndSharedWithTheDetectors(@TempDir Path root) throws Exception {
        Path info = Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.writeString(info.resolve("tool.md5sums"), MD5 + "  usr/bin/tool\n");
        Snapshot snapshot = new Snapshot(root, false, new Coverage());

        PackageChecksums checksums = PackageChecksums.of(snapshot);
        assertFalse(snapshot.extension(PackagedFiles.class).isPresent(), "nothing read before a file asks");

        assertTrue(checksums.verified("/usr/bin/tool", MD5));
        assertFalse(checksums.verified("/usr/bin/tool", MD5.replace('0', 'f')), "other content");
        assertFalse(checksums.verified("/usr/bin/other", MD5), "not packaged");
        assertFalse(checksums.verified("/usr/bin/tool", null));
        PackagedFiles index = snapshot.extension(PackagedFiles.class).orElseThrow();
        assertSame(index, PackagedFiles.of(snapshot).orElseThrow(), "the detectors get the same index");
    }

    @Test
    void noDatabaseVerifiesNothing(@TempDir Path root) {
        Snapshot snapshot = new Snapshot(root, false, new Coverage());
        assertFalse(PackageChecksums.of(snapshot).verified("/usr/bin/tool", MD5));
        assertFalse(PackageChecksums.none().verified("/usr/bin/tool", MD5));
    }
}
