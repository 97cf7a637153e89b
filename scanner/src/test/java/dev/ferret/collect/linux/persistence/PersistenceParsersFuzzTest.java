package dev.ferret.collect.linux.persistence;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;
import dev.ferret.model.PersistenceEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the persistence-file parsers (cron, systemd units, supervisord INI, shell profiles,
 * authorized_keys). None of them has a "bad input" exception: any bytes give entries or none, never a throw, in
 * bounded time, and a NUL-stuffed comment never hides the line after it. In the default build only the inputs under
 * {@code PersistenceParsersFuzzTestInputs/} run; {@code .ci/suites/50-fuzz.sh} fuzzes each target for real.
 */
class PersistenceParsersFuzzTest {
    private static final String AFTER = "/tmp/.x/after-the-nul";

    private static HostFiles.Text text(String path, String content) {
        return new HostFiles.Text(path, Path.of(path), content, Instant.EPOCH, false, content.length());
    }

    private static String decode(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    private static void assertLinesInFile(List<PersistenceEntry> entries, String content) {
        int lines = content.split("\n", -1).length;
        for (PersistenceEntry e : entries) {
            assertTrue(e.line() >= 1 && e.line() <= lines, "line " + e.line() + " of " + lines);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void cron(byte[] input) throws Exception {
        String content = decode(input);
        List<PersistenceEntry> out = new ArrayList<>();
        Bounded.run("cron", () -> {
            CronCollector.parse(text("/etc/cron.d/fuzz", content), null, out);
            CronCollector.parse(text("/var/spool/cron/crontabs/root", content), "root", out);
        });
        assertLinesInFile(out, content);
        String stuffed = content + "\n# \0\0\0 binary comment\n*/5 * * * * root " + AFTER + "\n";
        List<PersistenceEntry> after = new ArrayList<>();
        CronCollector.parse(text("/etc/cron.d/fuzz", stuffed), null, after);
        assertEquals(AFTER, after.get(after.size() - 1).command(), "the line after a NUL comment");
    }

    @FuzzTest(maxDuration = "20s")
    void systemdUnit(byte[] input) throws Exception {
        String content = decode(input);
        List<PersistenceEntry> out = new ArrayList<>();
        Bounded.run("systemd", () -> SystemdCollector.parse(text("/etc/systemd/system/fuzz.service", content),
                "root", out));
        assertLinesInFile(out, content);
        String stuffed = content + "\n\n# \0\0 binary comment\n[Service]\nExecStart=" + AFTER + "\n";
        List<PersistenceEntry> after = new ArrayList<>();
        SystemdCollector.parse(text("/etc/systemd/system/fuzz.service", stuffed), "root", after);
        assertEquals(AFTER, after.get(after.size() - 1).command(), "the ExecStart after a NUL comment");
    }

    @FuzzTest(maxDuration = "20s")
    void supervisordIni(byte[] input) throws Exception {
        String content = decode(input);
        List<List<IniFile.Section>> parsed = new ArrayList<>();
        Bounded.run("supervisord", () -> parsed.add(IniFile.parse(content)));
        int lines = content.split("\n", -1).length;
        for (IniFile.Section s : parsed.get(0)) {
            assertTrue(s.line() >= 1 && s.line() <= lines, "section line " + s.line());
        }
        List<IniFile.Section> after = IniFile.parse(content + "\n; \0\0 binary comment\n[program:after]\ncommand="
                + AFTER + "\n");
        IniFile.Section last = after.get(after.size() - 1);
        assertEquals("program:after", last.name());
        assertEquals(AFTER, last.get("command"));
    }

    @FuzzTest(maxDuration = "20s")
    void profileLines(byte[] input) throws Exception {
        String content = decode(input);
        Bounded.run("profile", () -> {
            HostFiles.Text t = text("/etc/profile.d/fuzz.sh", content);
            if (PersistenceCollector.worthAnEntry(t)) {
                PersistenceEntry e = PersistenceCollector.script(ShellProfileCollector.KIND, t, null);
                assertTrue(e.command() != null);
            }
            for (String line : t.lines()) {
                CommandRefs.extract(line);
            }
        });
        assertTrue(HostFiles.hasEffectiveLines(content + "\n# \0\0 binary comment\ncurl -s x | sh\n"));
    }

    @FuzzTest(maxDuration = "20s")
    void authorizedKeys(byte[] input) throws Exception {
        String content = decode(input);
        Bounded.run("authorized_keys", () -> {
            for (String line : content.split("\n", -1)) {
                AuthorizedKey.parse(line).ifPresent(k -> {
                    assertTrue(k.type().startsWith("ssh-") || k.type().startsWith("ecdsa-")
                            || k.type().startsWith("sk-"), k.type());
                    // the abbreviated form is itself a key line that parses back to the same key
                    assertEquals(k.type(), AuthorizedKey.parse(k.abbreviated()).orElseThrow().type());
                });
            }
        });
    }
}
