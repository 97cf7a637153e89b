package dev.ferret.detect.access;

import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.data.DetectionData;
import dev.ferret.data.rules.Golden;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.model.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every authorized key, of every keys file, is checked against SSH key fingerprint IOCs: an old key in the
 * middle of root's file and a key in a file sshd_config wires in through AuthorizedKeysFile are both found.
 */
class SshKeyIocTest {
    private static final Instant OLD = Instant.parse("2023-01-05T09:00:00Z");
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-04-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;
    @TempDir
    Path iocs;

    /** The fingerprint as ssh-keygen -lf prints it, computed here from the blob (not by the collector). */
    private static String fingerprint(String blob) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(blob));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    @Test
    void aRecentChangeNamesEveryKeyAndAKeysFileOutsideDotSsh() throws Exception {
        AccessFixture fixture = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/etc/ssh/sshd_config", "AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/keys/%u\n")
                .file("/etc/ssh/keys/root", "ssh-ed25519 " + AccessScenarios.keyBlob("one") + " first\n"
                        + "ssh-ed25519 " + AccessScenarios.keyBlob("two") + " second\n"
                        + "ssh-ed25519 " + AccessScenarios.keyBlob("three") + " third\n")
                .mtime("/etc/ssh/keys/root", NOW.instant().minusSeconds(3600));
        DetectorContext context = new DetectorContext(DetectionData.builtIn(), NOW, List.of(), new FileHasher(1 << 20));
        Finding f = new SshTrustDetector().detect(fixture.collect(), context).stream()
                .filter(x -> x.ruleId().equals(SshTrustDetector.ADDED_ID)).findFirst()
                .orElseThrow(() -> new AssertionError("no ssh-key-added for /etc/ssh/keys/root"));
        assertEquals("/etc/ssh/keys/root", f.file().path());
        assertTrue(f.reasons().stream().anyMatch(r -> r.text().startsWith("every key of the file: line 1 ")
                && r.text().contains("first") && r.text().contains("second") && r.text().contains("third")), f.reasons().toString());
        assertTrue(f.reasons().stream().anyMatch(r -> r.text().contains("is not under ~/.ssh") && r.weight() > 0),
                f.reasons().toString());
    }

    @Test
    @Golden("linux.access.ssh-key-known-attacker")
    void listedKeysAreFoundInEveryKeysFileWhateverTheirAge() throws Exception {
        String admin = AccessScenarios.keyBlob("admin");
        String outlaw = AccessScenarios.keyBlob("outlaw-like");
        String hidden = AccessScenarios.keyBlob("hidden-file");
        AccessFixture fixture = new AccessFixture(root)
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/etc/ssh/sshd_config", "AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/keys/%u\n")
                .file("/root/.ssh/authorized_keys", "ssh-ed25519 " + admin + " admin@laptop\n"
                        + "ssh-ed25519 " + outlaw + " mdrfckr\n"
                        + "ssh-ed25519 " + AccessScenarios.keyBlob("backup") + " backup@nas\n")
                .file("/etc/ssh/keys/root", "ssh-ed25519 " + hidden + " x\n")
                .mtime("/root/.ssh/authorized_keys", OLD)
                .mtime("/etc/ssh/keys/root", OLD);
        Path list = iocs.resolve("campaign-ssh-keys.txt");
        Files.writeString(list, "# test list\n" + fingerprint(outlaw) + ";Outlaw-style botnet key\n"
                + fingerprint(hidden) + ";key of a hidden keys file\n", StandardCharsets.UTF_8);
        DetectorContext context = new DetectorContext(DetectionData.withUserIocs(List.of(list)), NOW, List.of(),
                new FileHasher(1 << 20));

        List<Finding> found = new SshTrustDetector().detect(fixture.collect(), context).stream()
                .filter(f -> f.ruleId().equals(SshTrustDetector.KNOWN_ID)).toList();

        assertEquals(2, found.size(), found.toString());
        Finding old = found.stream().filter(f -> f.file().path().equals("/root/.ssh/authorized_keys")).findFirst()
                .orElseThrow(() -> new AssertionError("root's listed key (line 2, a year old) missed: " + found));
        assertEquals(2, old.persistence().line());
        String listed = fingerprint(outlaw);
        assertTrue(old.reasons().stream().anyMatch(r -> r.text().contains(listed)
                && r.text().contains("Outlaw-style botnet key")), old.reasons().toString());
        assertTrue(old.severity().compareTo(dev.ferret.model.Severity.HIGH) >= 0, old.toString());
        assertTrue(found.stream().anyMatch(f -> f.file().path().equals("/etc/ssh/keys/root")), found.toString());

        // without the list, the same keys are no finding of this rule
        DetectorContext plain = new DetectorContext(DetectionData.builtIn(), NOW, List.of(), new FileHasher(1 << 20));
        assertTrue(new SshTrustDetector().detect(fixture.collect(), plain).stream()
                .noneMatch(f -> f.ruleId().equals(SshTrustDetector.KNOWN_ID)));
    }
}
