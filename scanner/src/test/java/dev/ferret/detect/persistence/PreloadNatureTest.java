package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A preloaded library that hooks readdir, or that no package owns, is a rootkit: critical. */
class PreloadNatureTest {
    private static final String DPKG = "/var/lib/dpkg/info/libjemalloc2.md5sums";
    private static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    @TempDir
    Path root;

    private Finding preload(Fixture tree) {
        Snapshot s = tree.collectAll();
        List<Finding> findings = Fixture.detect(s);
        return ThreatCasesTest.one(findings, "linux.persistence.ld-preload", "/etc/ld.so.preload", 1);
    }

    @Test
    void aLibraryThatHooksReaddirIsCritical() {
        Finding f = preload(new Fixture(root)
                .file(DPKG, "0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n")
                .file("/etc/ld.so.preload", JEMALLOC + "\n")
                .file(JEMALLOC, "\u007fELF....readdir\u0000readdir64\u0000dlsym\u0000"));
        assertEquals(Severity.CRITICAL, f.severity(), f.reasons().toString());
    }

    @Test
    void aLibraryNoPackageOwnsIsCritical() {
        Finding f = preload(new Fixture(root)
                .file(DPKG, "0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n")
                .file("/etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libsystem.so\n")
                .file("/usr/lib/x86_64-linux-gnu/libsystem.so", "\u007fELF....malloc\u0000"));
        assertEquals(Severity.CRITICAL, f.severity(), f.reasons().toString());
    }

    @Test
    void aPackagedAllocatorStaysHighNotCritical() {
        Finding f = preload(new Fixture(root)
                .file(DPKG, "0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n")
                .file("/etc/ld.so.preload", JEMALLOC + "\n")
                .file(JEMALLOC, "\u007fELF....malloc\u0000free\u0000"));
        assertEquals(Severity.HIGH, f.severity(), f.reasons().toString());
    }
}
