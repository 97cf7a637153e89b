package dev.ferret.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared community rule snapshot (../shared/rules beside the checkout) from a test's directory. */
public final class SharedRules {
    private SharedRules() {
    }

    public static Path signatureBase() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/rules/signature-base");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return Path.of("/nonexistent/shared/rules/signature-base");
    }
}
