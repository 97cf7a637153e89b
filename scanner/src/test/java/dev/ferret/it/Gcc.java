package dev.ferret.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles the C fixtures in src/test/resources/it/ with the system gcc. */
final class Gcc {
    private Gcc() {
    }

    /** gcc -Wall [flags] -o dir/output dir/source; fails the test with gcc's messages. */
    static Path compile(Path dir, String source, String output, String... flags) {
        try {
            Path src = Namespace.Resources.copy(source, dir);
            Path out = dir.resolve(output);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-Wall", "-O1"));
            cmd.addAll(List.of(flags));
            cmd.addAll(List.of("-o", out.toString(), src.toString()));
            if (output.endsWith(".so")) {
                cmd.add("-ldl");
            }
            Path log = dir.resolve(output + ".gcc.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gcc timed out: " + cmd);
            }
            if (p.exitValue() != 0 || !Files.isExecutable(out)) {
                throw new AssertionError("gcc failed: " + cmd + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run gcc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A shared library: -shared -fPIC, linked with libdl. */
    static Path sharedLibrary(Path dir, String source, String output, String... flags) {
        List<String> all = new ArrayList<>(List.of("-shared", "-fPIC"));
        all.addAll(List.of(flags));
        return compile(dir, source, output, all.toArray(String[]::new));
    }
}
