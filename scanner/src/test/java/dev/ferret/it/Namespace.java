package dev.ferret.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the bash scripts in {@code src/test/resources/it/} inside fresh private pid, mount and
 * network namespaces: {@code unshare --pid --mount --net --fork --mount-proc --kill-child}. Mounts made
 * there (a preload file, a tmpfs over /tmp, a crontab) are private to the namespace (unshare makes
 * propagation private), the network has only its own loopback, and every process the script starts
 * dies with the namespace's init when the script ends, fails or times out (--kill-child).
 */
final class Namespace {
    private static final List<String> UNSHARE = List.of("unshare", "--pid", "--mount", "--net", "--fork",
            "--mount-proc", "--kill-child", "--propagation", "private");

    private Namespace() {
    }

    /** Tools every namespace test needs. */
    static void require(String... more) {
        List<String> tools = new ArrayList<>(List.of("unshare", "bash", "mount", "ps"));
        tools.addAll(List.of(more));
        Requirements.rootWith(tools.toArray(String[]::new));
    }

    /**
     * Copies {@code script} and lib.sh from the test resources into {@code work} and runs the script in new
     * namespaces with {@code env} added (plus ferret's java, class path and WORK={@code work}).
     */
    static ScriptResult run(Path work, String script, Map<String, String> env, Duration timeout) {
        try {
            Path lib = Resources.copy("lib.sh", work);
            Path body = Resources.copy(script, work);
            Path out = work.resolve(script + ".stdout");
            Path err = work.resolve(script + ".stderr");
            List<String> command = new ArrayList<>(UNSHARE);
            command.addAll(List.of("bash", body.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(Ferret.scriptEnvironment());
            pb.environment().put("IT_LIB", lib.toString());
            pb.environment().put("WORK", work.toString());
            pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                // unshare dies; --kill-child takes the namespace's init and with it every process inside
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            ScriptResult result = new ScriptResult(script, finished ? p.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    work);
            if (!finished) {
                throw new AssertionError(script + " did not finish within " + timeout + "\n" + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The test resources under it/. */
    static final class Resources {
        private Resources() {
        }

        static Path copy(String name, Path dir) throws IOException {
            try (InputStream in = Namespace.class.getClassLoader().getResourceAsStream("it/" + name)) {
                if (in == null) {
                    throw new IOException("test resource it/" + name + " is missing");
                }
                Path target = dir.resolve(name);
                Files.write(target, in.readAllBytes());
                return target;
            }
        }
    }
}
