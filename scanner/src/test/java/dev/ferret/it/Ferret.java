package dev.ferret.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Runs the real ferret CLI in a separate JVM (the test JVM's java binary and class path), the way a
 * responder runs it: exit code, standard output and standard error are what is asserted on.
 */
final class Ferret {
    static final String MAIN = "dev.ferret.cli.Main";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static List<String> classPath;

    private Ferret() {
    }

    /** The java binary running these tests. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The test JVM's class path with every entry that exists. Surefire/failsafe may hand the JVM a
     * manifest-only booter jar in /tmp; its Class-Path is expanded so the list still works where a
     * namespace hides /tmp.
     */
    static synchronized List<String> classPath() {
        if (classPath == null) {
            Set<String> entries = new LinkedHashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    addWithManifest(Path.of(entry).toAbsolutePath(), entries);
                }
            }
            classPath = List.copyOf(entries);
        }
        return classPath;
    }

    private static void addWithManifest(Path entry, Set<String> out) {
        if (!Files.exists(entry) || !out.add(entry.toString()) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            for (String ref : cp.trim().split("\\s+")) {
                Path p = ref.startsWith("file:") ? Path.of(URI.create(ref)) : entry.resolveSibling(ref);
                addWithManifest(p.toAbsolutePath(), out);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable jar: keep the entry as it is
        }
    }

    static String classPathString() {
        return String.join(File.pathSeparator, classPath());
    }

    /** java -cp ... dev.ferret.cli.Main args */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:-UsePerfData", "-cp", classPathString(), MAIN));
        cmd.addAll(args);
        return cmd;
    }

    /** Environment for scripts that call ferret through lib.sh's {@code ferret} function. */
    static Map<String, String> scriptEnvironment() {
        return Map.of("FERRET_JAVA", java(), "FERRET_CP", classPathString(), "FERRET_MAIN", MAIN);
    }

    /** Runs ferret with these arguments; output is captured in files under {@code work}. */
    static FerretRun run(Path work, String... args) {
        return runCommand(work, command(List.of(args)));
    }

    /** Runs an arbitrary command line that ends in a ferret invocation (e.g. behind setpriv). */
    static FerretRun runCommand(Path work, List<String> command) {
        try {
            Path out = Files.createTempFile(work, "ferret-", ".out");
            Path err = Files.createTempFile(work, "ferret-", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("ferret did not finish within " + TIMEOUT + ": " + command);
                }
            } finally {
                p.destroyForcibly();
            }
            return new FerretRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Copies the class path into {@code dir} with world-readable modes, for running ferret as a user who
     * cannot read the build user's Maven repository; returns the new class path. Like a responder's kit it
     * holds ferret and its libraries, not the tests.
     */
    static String portableClassPath(Path dir) throws IOException {
        List<String> copied = new ArrayList<>();
        int i = 0;
        for (String entry : classPath()) {
            Path source = Path.of(entry);
            if (source.getFileName().toString().equals("test-classes")) {
                continue;
            }
            Path target = dir.resolve(String.format("%03d-%s", i++, source.getFileName()));
            if (Files.isDirectory(source)) {
                copyTree(source, target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            copied.add(target.toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return String.join(File.pathSeparator, copied);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = target.resolve(source.relativize(dir).toString());
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path f = target.resolve(source.relativize(file).toString());
                Files.copy(file, f, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
