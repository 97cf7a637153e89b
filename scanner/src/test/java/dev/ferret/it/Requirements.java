package dev.ferret.it;

import dev.ferret.os.Platform;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the integration tests need from the machine: root and some tools. On CI (env CI=true) a missing
 * requirement fails the test, so a misconfigured runner cannot turn the suite green by skipping it;
 * elsewhere the test is skipped with a message saying what is missing.
 */
final class Requirements {
    private Requirements() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires Linux, root and every named tool on PATH. */
    static void rootWith(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!Platform.isLinux()) {
            missing.add("a Linux host");
        }
        if (!isRoot()) {
            missing.add("root (the test plants techniques inside private namespaces)");
        }
        for (String tool : tools) {
            if (which(tool).isEmpty()) {
                missing.add("'" + tool + "' on PATH");
            }
        }
        require(missing);
    }

    /** Requires only the named tools (offline tests need no root). */
    static void tools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (which(tool).isEmpty()) {
                missing.add("'" + tool + "' on PATH");
            }
        }
        require(missing);
    }

    /**
     * A plant that depends on the host (e.g. a full core for a CPU burner) did not take: the test cannot
     * judge ferret, so it fails on CI and is skipped elsewhere, with the reason.
     */
    static void plantWorked(boolean worked, String problem) {
        if (worked) {
            return;
        }
        if (onCi()) {
            Assertions.fail(problem + " (CI=true: a failed plant is a failure, not a skip)");
        }
        Assumptions.abort(problem + "; skipped (set CI=true to make this a failure)");
    }

    private static void require(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String message = "integration test needs " + String.join(", ", missing);
        if (onCi()) {
            Assertions.fail(message + " (CI=true: a missing requirement is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (set CI=true to make this a failure)");
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (Exception e) {
            return false;
        }
    }

    static Optional<Path> which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        // sbin tools (ip, runuser) are often missing from a non-login PATH
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
