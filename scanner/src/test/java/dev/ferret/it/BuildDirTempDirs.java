package dev.ferret.it;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Temporary directories for the integration tests under {@code target/it-work/} instead of /tmp:
 * some tests mount a private tmpfs over /tmp inside their namespace (which would hide a /tmp work dir),
 * and one runs ferret as user nobody, who must be able to read the compiled fixtures. JUnit still
 * deletes them after each test. Use as {@code @TempDir(factory = BuildDirTempDirs.class)}.
 */
public final class BuildDirTempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        return create(context.getRequiredTestClass().getSimpleName());
    }

    /** A fresh directory, mode 755, under the module's target/it-work. */
    static Path create(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "it-work")
                .toAbsolutePath().normalize();
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, prefix + "-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
