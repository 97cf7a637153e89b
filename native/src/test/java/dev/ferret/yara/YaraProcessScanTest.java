package dev.ferret.yara;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.ferret.yara.TestYara.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Scans the memory of a live child process whose marker exists only in its heap. */
class YaraProcessScanTest {

    // Must match what resources/yara/live_marker.c decodes at run time.
    private static final String MARKER = "FERRET-LIVE-MARKER-7f3a9c2e";

    @Test
    void markerInHeapIsFoundInTheProcessButNotInItsExecutable(@TempDir Path dir) throws Exception {
        Path program = buildFixture(dir);
        try (YaraRules rules = TestYara.compile(
                "rule live_marker { strings: $m = \"" + MARKER + "\" condition: $m }")) {
            assertEquals(List.of(), rules.scanFile(program, Map.of(), 10), "marker must not be in the binary");

            Process child = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line = out.readLine();
                assertEquals(child.pid() + " ready", line);

                List<YaraMatch> matches = rules.scanProcess((int) child.pid(), Map.of(), 30);
                assertEquals(List.of("live_marker"), names(matches));
                StringMatch hit = matches.get(0).strings().get(0);
                assertTrue(hit.offset() > 0, "offset is the marker's virtual address");
                assertArrayEquals(MARKER.getBytes(StandardCharsets.US_ASCII), hit.excerpt());
                assertTrue(child.isAlive(), "the scan must not harm the target");
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aProcessThatDoesNotExistIsAScanError() throws Exception {
        try (YaraRules rules = TestYara.compile("rule any_rule { condition: true }")) {
            YaraScanException e = assertThrows(YaraScanException.class,
                    () -> rules.scanProcess(Integer.MAX_VALUE, Map.of(), 5));
            assertEquals("ERROR_COULD_NOT_ATTACH_TO_PROCESS", e.errorName());
        }
    }

    /** Compiles the fixture with gcc; skips without gcc, except on CI where it must be there. */
    private static Path buildFixture(Path dir) throws Exception {
        Path source = dir.resolve("live_marker.c");
        try (InputStream in = YaraProcessScanTest.class.getResourceAsStream("/yara/live_marker.c")) {
            Files.copy(in, source);
        }
        Path program = dir.resolve("live_marker");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", program.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("gcc is required on CI to build the live-process fixture: " + e.getMessage());
            }
            Assumptions.abort("gcc not available: " + e.getMessage());
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, gcc.exitValue(), "gcc failed: " + output);
        return program;
    }
}
