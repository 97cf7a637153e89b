package dev.ferret.collect.linux.dpkg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one dpkg reader, on database files written to disk the way dpkg writes them. */
class DpkgReadersTest {
    private static final String LS_MD5 = "0123456789abcdef0123456789abcdef";
    private static final String CRON_MD5 = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path root;

    private Path info() throws IOException {
        return Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    }

    @Test
    void md5sumsOnAMergedUsrRootAnswerForBothSpellings() throws IOException {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.writeString(info().resolve("coreutils:amd64.md5sums"),
                LS_MD5.toUpperCase() + "  bin/ls\nnot a record\n" + CRON_MD5 + "  usr/sbin/cron\n");
        Map<String, String> seen = new HashMap<>();
        List<String> pkgs = new ArrayList<>();
        List<String> bad = DpkgMd5sums.readAll(root, (pkg, path, md5) -> {
            seen.put(path, md5);
            pkgs.add(pkg);
        });
        assertTrue(bad.isEmpty(), bad.toString());
        assertEquals(LS_MD5, seen.get("/bin/ls"), "md5 kept, in lower case");
        assertEquals(LS_MD5, seen.get("/usr/bin/ls"));
        assertEquals(CRON_MD5, seen.get("/usr/sbin/cron"));
        assertEquals(CRON_MD5, seen.get("/sbin/cron"));
        assertEquals(4, seen.size(), "the malformed line is not a record: " + seen);
        assertTrue(pkgs.stream().allMatch("coreutils"::equals), "architecture qualifier dropped: " + pkgs);
    }

    @Test
    void aLinkedListIsNeverFollowedAndADamagedOneIsReported() throws IOException {
        Path outside = Files.writeString(root.resolve("elsewhere.md5sums"), LS_MD5 + "  usr/bin/evil\n");
        Files.createSymbolicLink(info().resolve("planted.md5sums"), outside);
        Files.write(info().resolve("broken.md5sums"), new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        Files.writeString(info().resolve("ok.md5sums"), LS_MD5 + "  usr/bin/ok\n", StandardCharsets.UTF_8);
        Map<String, String> seen = new HashMap<>();
        List<String> bad = DpkgMd5sums.readAll(root, (pkg, path, md5) -> seen.put(path, md5));
        assertFalse(seen.containsKey("/usr/bin/evil"), "a symlinked list must not be read: " + seen);
        assertEquals(LS_MD5, seen.get("/usr/bin/ok"), "one bad list does not stop the others");
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).contains("broken.md5sums"), bad.toString());
    }

    @Test
    void noDatabaseIsNoRecordsNotAnError() throws IOException {
        assertTrue(DpkgMd5sums.readAll(root, (pkg, path, md5) -> {
            throw new AssertionError(path);
        }).isEmpty());
    }

    @Test
    void statusParagraphsCarryVersionStateAndConffiles() throws IOException {
        String status = """
                Package: nginx-core
                Status: install ok installed
                Version: 1:1.22.1-9
                Conffiles:
                 /etc/nginx/nginx.conf %s
                 /etc/nginx/old.conf %s obsolete
                Description: small, powerful
                 web server

                Package: redis-server
                Status: deinstall ok config-files
                Version: 5:7.0.15-1
                """.formatted(CRON_MD5, LS_MD5);
        List<DpkgStatus.Paragraph> ps = new ArrayList<>();
        DpkgStatus.read(new BufferedReader(new StringReader(status)), ps::add);
        assertEquals(2, ps.size());
        DpkgStatus.Paragraph nginx = ps.get(0);
        assertEquals("nginx-core", nginx.pkg());
        assertTrue(nginx.installed());
        assertEquals("1.22.1-9", nginx.versionWithoutEpoch());
        assertEquals(List.of(new DpkgStatus.Conffile("/etc/nginx/nginx.conf", CRON_MD5),
                new DpkgStatus.Conffile("/etc/nginx/old.conf", LS_MD5)), nginx.conffiles(),
                "the description's continuation line is not a conffile");
        assertFalse(ps.get(1).installed(), "config-files only is not installed");
        assertTrue(ps.get(1).conffiles().isEmpty());
    }

    @Test
    void aStatusFileBehindALinkIsNotRead() throws IOException {
        Path real = Files.writeString(root.resolve("real-status"), "Package: x\nStatus: install ok installed\n");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createSymbolicLink(root.resolve("var/lib/dpkg/status"), real);
        List<DpkgStatus.Paragraph> ps = new ArrayList<>();
        DpkgStatus.read(root.resolve("var/lib/dpkg/status"), ps::add);
        assertTrue(ps.isEmpty(), ps.toString());
    }

    @Test
    void diversionsComeInThrees() {
        List<DpkgDiversions.Diversion> ds = DpkgDiversions.parse(List.of(
                "/usr/bin/ls", "/usr/bin/ls.real", "rootkit-pkg",
                "/bin/sh ", "/bin/sh.distrib", "dash",
                "/dangling"));
        assertEquals(List.of(new DpkgDiversions.Diversion("/usr/bin/ls", "/usr/bin/ls.real"),
                new DpkgDiversions.Diversion("/bin/sh", "/bin/sh.distrib")), ds);
    }

    @Test
    void packageNamesAndSpellings() {
        assertEquals("libc6", Dpkg.packageOf("libc6:amd64.md5sums"));
        assertEquals("openssh-server", Dpkg.packageOf("openssh-server.list"));
        assertEquals(List.of("/lib/x.so", "/usr/lib/x.so"), Dpkg.spellings("/lib/x.so", true));
        assertEquals(List.of("/usr/sbin/sshd", "/sbin/sshd"), Dpkg.spellings("/usr/sbin/sshd", true));
        assertEquals(List.of("/usr/share/doc/x"), Dpkg.spellings("/usr/share/doc/x", true));
        assertEquals(List.of("/bin/ls"), Dpkg.spellings("/bin/ls", false));
        assertNull(new DpkgStatus.Paragraph("x", null, null, List.of()).versionWithoutEpoch());
    }
}
