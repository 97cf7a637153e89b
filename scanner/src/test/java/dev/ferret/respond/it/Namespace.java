package dev.ferret.respond.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Runs a scenario script from {@code src/test/resources/respond/} inside fresh private pid and mount namespaces:
 * {@code unshare --pid --mount --fork --mount-proc --kill-child}. The script's {@code isolate} makes the host's
 * file system read-only in the namespace and gives it empty tmpfs mounts to plant in, so nothing ferret does there
 * can reach a process or a file outside; every process it starts dies with the namespace's init.
 * <p>
 * Root and {@code unshare} are needed: without them the test fails when CI=true and is skipped otherwise.
 */
final class Namespace {
    static final String MAIN = dev.ferret.cli.Main.class.getName();
    private static final List<String> UNSHARE = List.of("unshare", "--pid", "--mount", "--fork", "--mount-proc",
            "--kill-child", "--propagation", "private");
    private static List<String> classPath;

    /** What a scenario left: its facts (KEY=VALUE lines on standard output) and its files in {@code work}. */
    record Result(int exitCode, String stdout, String stderr, Map<String, String> facts, Path work) {
        String fact(String key) {
            return facts.get(key);
        }

        int code(String key) {
            String v = facts.get(key);
            if (v == null) {
                throw new AssertionError("no fact " + key + "\n" + this);
            }
            return Integer.parseInt(v);
        }

        String file(String name) {
            try {
                return Files.readString(work.resolve(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError("cannot read " + name + " in " + work + "\n" + this, e);
            }
        }

        byte[] bytes(String name) {
            try {
                return Files.readAllBytes(work.resolve(name));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + name + " in " + work, e);
            }
        }

        @Override
        public String toString() {
            return "scenario exit " + exitCode + " in " + work + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + (stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr);
        }
    }

    private Namespace() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires Linux, root and the tools; fails on CI, skips elsewhere. */
    static void require(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase().startsWith("linux")) {
            missing.add("a Linux host");
        }
        if (!isRoot()) {
            missing.add("root (the scenarios run in private pid and mount namespaces)");
        }
        List<String> all = new ArrayList<>(List.of("unshare", "bash", "mount", "find", "sha256sum", "pgrep"));
        all.addAll(List.of(tools));
        for (String tool : all) {
            if (which(tool) == null) {
                missing.add("'" + tool + "' on PATH");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "response integration test needs " + String.join(", ", missing);
        if (onCi()) {
            Assertions.fail(message + " (CI=true: a missing requirement is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (set CI=true to make this a failure)");
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static Path which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A fresh directory for one scenario under target/respond-it (never under /tmp: the scenario hides /tmp). */
    static Path work(String name) throws IOException {
        Path base = Path.of("target", "respond-it").toAbsolutePath();
        Files.createDirectories(base);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        Path work = Files.createTempDirectory(base, name + "-" + stamp + "-");
        ScenarioWork.created(work);
        return work;
    }

    /** Copies a resource of src/test/resources/respond/ into {@code dir}. */
    static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = Namespace.class.getClassLoader().getResourceAsStream("respond/" + name)) {
            if (in == null) {
                throw new IOException("test resource respond/" + name + " is missing");
            }
            Path target = dir.resolve(name);
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    /** Runs {@code script} (with lib.sh) in new namespaces; {@code work} is its $WORK. */
    static Result run(Path work, String script, Duration timeout) throws IOException, InterruptedException {
        Path lib = resource("lib.sh", work);
        Path body = resource(script, work);
        Path out = work.resolve(script + ".stdout");
        Path err = work.resolve(script + ".stderr");
        List<String> command = new ArrayList<>(UNSHARE);
        command.addAll(List.of("bash", body.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("FERRET_JAVA", java());
        env.put("FERRET_CP", String.join(File.pathSeparator, classPath()));
        env.put("FERRET_MAIN", MAIN);
        env.put("WORK", work.toString());
        env.put("RESPOND_LIB", lib.toString());
        env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        Process p = pb.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // unshare's child is the namespace's init: with --kill-child every process inside dies with it
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z0-9_]+")) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Result r = new Result(finished ? p.exitValue() : -1, stdout, Files.readString(err, StandardCharsets.UTF_8),
                facts, work);
        if (!finished) {
            throw new AssertionError(script + " did not finish within " + timeout + "\n" + r);
        }
        return r;
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The test JVM's class path, every entry existing; a manifest-only booter jar (failsafe's, often in /tmp,
     * which the scenarios hide) is replaced by what its Class-Path names.
     */
    static synchronized List<String> classPath() {
        if (classPath == null) {
            Set<String> entries = new LinkedHashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    add(Path.of(entry).toAbsolutePath(), entries);
                }
            }
            classPath = List.copyOf(entries);
        }
        return classPath;
    }

    private static void add(Path entry, Set<String> out) {
        if (!Files.exists(entry) || !entry.toString().endsWith(".jar")) {
            if (Files.exists(entry)) {
                out.add(entry.toString());
            }
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            boolean booter = cp != null && jar.stream().noneMatch(e -> e.getName().endsWith(".class"));
            if (!booter) {
                out.add(entry.toString());
            }
            if (cp != null) {
                for (String ref : cp.trim().split("\\s+")) {
                    Path p = ref.startsWith("file:") ? Path.of(URI.create(ref)) : entry.resolveSibling(ref);
                    if (out.add(p.toAbsolutePath().toString()) && !Files.exists(p)) {
                        out.remove(p.toAbsolutePath().toString());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            out.add(entry.toString());
        }
    }
}
