package dev.ferret.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A Linux filesystem tree in a plain directory, for {@code ferret --root}. Paths are as on the imaged host. */
final class LinuxTree {
    private final Path root;

    LinuxTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Where a host path lives in the tree. */
    Path path(String hostPath) {
        return root.resolve(hostPath.startsWith("/") ? hostPath.substring(1) : hostPath);
    }

    LinuxTree text(String hostPath, String content) {
        return text(hostPath, content, "rw-r--r--");
    }

    LinuxTree text(String hostPath, String content, String mode) {
        try {
            Path p = path(hostPath);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LinuxTree bytes(String hostPath, byte[] content, String mode) {
        try {
            Path p = path(hostPath);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a real file of this machine into the tree with the given mode. */
    LinuxTree copyOf(Path file, String hostPath, String mode) {
        try {
            Path p = path(hostPath);
            Files.createDirectories(p.getParent());
            Files.copy(file, p, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal identity: hostname and os-release, so reports name the image, not this machine. */
    LinuxTree identity(String hostname, String prettyName) {
        text("/etc/hostname", hostname + "\n");
        text("/etc/os-release", "NAME=\"" + prettyName.split(" ")[0] + "\"\nPRETTY_NAME=\"" + prettyName + "\"\n");
        text("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        return this;
    }

    static String md5(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return String.format("%032x", new BigInteger(1, md.digest(Files.readAllBytes(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
