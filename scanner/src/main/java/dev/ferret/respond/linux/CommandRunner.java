package dev.ferret.respond.linux;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the host's own tools (iptables, nft, systemctl) for the steps that need them; tests substitute it. */
public interface CommandRunner {
    /** Exit code and combined output of one command. */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> command) throws IOException;

    /** Where a tool is: PATH, then /usr/sbin and /sbin (often missing from a non-login PATH). */
    Optional<String> which(String tool);

    /** The real runner: no shell, stdin from /dev/null, 30 seconds at most. */
    static CommandRunner system() {
        return new CommandRunner() {
            @Override
            public Result run(List<String> command) throws IOException {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return new Result(-1, "timed out after 30 s");
                    }
                    String out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8).strip();
                    return new Result(p.exitValue(), out);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new IOException("interrupted", e);
                }
            }

            @Override
            public Optional<String> which(String tool) {
                String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
                List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
                dirs.addAll(List.of("/usr/sbin", "/sbin"));
                for (String dir : dirs) {
                    if (dir.isEmpty()) {
                        continue;
                    }
                    Path candidate = Path.of(dir, tool);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate.toString());
                    }
                }
                return Optional.empty();
            }
        };
    }
}
