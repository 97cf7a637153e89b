package dev.ferret.report;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Coverage;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;
import dev.ferret.report.timeline.Timeline;
import dev.ferret.report.timeline.TimelineText;
import dev.ferret.scan.Area;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Host strings an attacker chose (file names, process names, command lines, cron lines) reach the terminal only
 * escaped: a seeded random property test over every place the text report prints host text, and the two
 * attacks of issue 13 spelled out.
 */
class TextSinkHostileTest {
    /** Characters an attacker reaches for, mixed with ordinary text. */
    private static final int[] NASTY = {0x1b, 0x07, 0x0d, 0x0a, 0x00, 0x08, 0x7f, 0x85, 0x9b, 0x202e, 0x202a,
            0x2066, 0x2069, 0x200b, 0x200f, 0xfeff, 0x2028, 0x2029, 0x061c, 0xe0001, 0xd800, 0xdc00, '\\', 0x1f600};

    @Test
    void aDirectoryNamedLikeAnEscapeSequenceDoesNotClearTheScreen() throws Exception {
        String path = "/tmp/ansi\u001b[2J\u001b[H/xmrig";
        String report = render(List.of(finding(path, "x\nFAKE: nothing found", "curl x | sh\r\u001b[1A")), "web01");
        assertFalse(report.contains("\u001b"), report);
        assertTrue(report.contains("/tmp/ansi\\x1b[2J\\x1b[H/xmrig"), report);
        for (String line : report.split("\n")) {
            assertFalse(line.startsWith("FAKE"), "a host string printed its own line: " + line);
        }
        assertFalse(report.contains("\r"), report);
    }

    @Test
    void bidiOverridesAreShownNotObeyed() throws Exception {
        String report = render(List.of(finding("/tmp/invoice\u202egpj.sh", "n", "c")), "h");
        assertFalse(report.contains("\u202e"));
        assertTrue(report.contains("/tmp/invoice\\u202egpj.sh"), report);
    }

    @RepeatedTest(200)
    void randomHostStringsNeverReachTheTerminalRaw(RepetitionInfo info) throws Exception {
        Random random = new Random(0xF3_22_E7L * info.getCurrentRepetition());
        List<Finding> findings = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String path = "/" + hostile(random);
            String name = hostile(random);
            String cmd = hostile(random);
            planted.add(path);
            findings.add(finding(path, name, cmd));
        }
        String host = hostile(random);
        String report = render(findings, host);
        for (String line : report.split("\n", -1)) {
            line.codePoints().forEach(cp -> {
                if (Printable.unsafe(cp)) {
                    fail(String.format("U+%04X reached the terminal in: %s", cp, Printable.text(line)));
                }
            });
        }
        // the escaped form is what the report shows, and it gives the original back (short paths are not wrapped)
        for (String p : planted) {
            String escaped = Printable.text(p);
            assertEquals(p, Printable.unescape(escaped));
            if (escaped.length() < 60 && !escaped.contains(" ")) {
                assertTrue(report.contains(escaped), "missing " + escaped + " in\n" + report);
            }
        }
        Timeline timeline = Timeline.of(findings, snapshot(host));
        for (String line : TimelineText.lines(timeline, ZoneOffset.UTC)) {
            assertTrue(line.codePoints().noneMatch(Printable::unsafe), Printable.text(line));
        }
    }

    @RepeatedTest(50)
    void escapingIsReversibleAndGuardIsIdempotent(RepetitionInfo info) {
        Random random = new Random(77L * info.getCurrentRepetition());
        for (int i = 0; i < 200; i++) {
            String s = hostile(random);
            String t = Printable.text(s);
            assertEquals(s, Printable.unescape(t));
            assertTrue(t.codePoints().noneMatch(Printable::unsafe));
            assertEquals(Printable.guard(s), Printable.guard(Printable.guard(s)));
        }
    }

    /** Random bytes decoded as the host would hand them to Java, mixed with the characters above. */
    static String hostile(Random random) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] bytes = new byte[random.nextInt(24)];
                    random.nextBytes(bytes);
                    b.append(new String(bytes, StandardCharsets.UTF_8));
                }
                case 1 -> {
                    byte[] bytes = new byte[random.nextInt(24)];
                    random.nextBytes(bytes);
                    b.append(new String(bytes, StandardCharsets.ISO_8859_1));
                }
                case 2 -> b.appendCodePoint(NASTY[random.nextInt(NASTY.length)]);
                default -> b.append("tmp/.x").append(random.nextInt(100));
            }
        }
        return b.toString();
    }

    private static Finding finding(String path, String name, String cmd) {
        return Finding.builder("process.miner-command-line", "Miner command line").category("process")
                .reason("command line of " + name + " has " + cmd, 85)
                .process(new ProcessRef(101, 100, name, path, cmd))
                .file(new FileRef(path, 10L, Instant.parse("2026-01-01T00:00:00Z"), "aa", "bb"))
                .destination(new Endpoint("91.121.140.167", 3333))
                .persistence(new PersistenceEntry("cron", path, 4, "root", cmd,
                        Instant.parse("2026-01-02T00:00:00Z"), List.of(path)))
                .respond("quarantine " + path).score(92).build().withChain("c1");
    }

    private static Snapshot snapshot(String host) {
        Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
        snapshot.host(new HostInfo(host, "linux", "test os", null, null, 1, null));
        return snapshot;
    }

    private static String render(List<Finding> findings, String host) throws Exception {
        Snapshot snapshot = snapshot(host);
        for (Finding f : findings) {
            snapshot.coverage().gap("files", "permission denied", f.file().path());
            snapshot.coverage().note("unreadable: " + f.process().commandLine());
        }
        ScanRequest request = new ScanRequest(Set.of(Area.PROCESSES, Area.PERSISTENCE), Path.of("/"), true,
                CollectOptions.defaults(), DetectionData.builtIn());
        ScanResult result = new ScanResult(request, snapshot, findings, Instant.EPOCH, Instant.EPOCH.plusSeconds(3));
        StringWriter out = new StringWriter();
        new TextSink(dev.ferret.model.Severity.LOW).write(result, out);
        return out.toString();
    }
}
