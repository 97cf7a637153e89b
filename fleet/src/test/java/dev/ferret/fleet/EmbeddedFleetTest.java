package dev.ferret.fleet;

import dev.ferret.cli.Main;
import dev.ferret.fleet.engine.EmbeddedFleet;
import dev.ferret.fleet.engine.FleetSource.Problem;
import dev.ferret.fleet.generate.FleetGenerator;
import dev.ferret.fleet.generate.FleetGenerator.Planted;
import dev.ferret.fleet.questions.FleetAnswers;
import dev.ferret.fleet.questions.FleetQuestions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedFleetTest {
    @TempDir
    static Path dir;
    static Planted planted;
    static Path fleet;

    @BeforeAll
    static void plant() throws Exception {
        planted = PlantedFleet.write(dir, 40);
        fleet = dir.resolve("fleet");
    }

    static FleetAnswers answers(EmbeddedFleet f) throws Exception {
        return new FleetQuestions(f, Duration.ofDays(2), 25).answer(List.of(planted.patientZero()),
                List.of(FleetGenerator.POOL_IP), "0.1.0-SNAPSHOT");
    }

    @Test
    void eachQuestionReturnsThePlantedAnswer() throws Exception {
        Map<String, String> before = digests(fleet);
        try (EmbeddedFleet f = EmbeddedFleet.load(ReportFiles.find(List.of(fleet)), false)) {
            PlantedAnswers.check(answers(f), planted);
        }
        assertEquals(before, digests(fleet), "a report is never modified");
    }

    @Test
    void badInputIsCountedAndNamedNeverACrash() throws Exception {
        try (EmbeddedFleet f = EmbeddedFleet.load(ReportFiles.find(List.of(fleet)), false)) {
            List<Problem> problems = answers(f).coverage().problems();
            assertTrue(problems.contains(new Problem(planted.badFiles().get(0),
                    "JSON but not a ferret record (no host.name, event.kind or @timestamp)", 1)), problems.toString());
            assertTrue(problems.contains(new Problem(planted.badFiles().get(0), "not JSON (truncated or foreign)", 1)));
            assertTrue(problems.contains(new Problem(planted.badFiles().get(1), "huge line (over 16 MiB), skipped", 1)),
                    problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.file().contains(planted.cutHost())
                    && p.what().startsWith("not JSON")), "the cut report's half line");
        }
    }

    @Test
    void aReportCopiedToASecondFolderCountsOnce() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Path one;
        try (Stream<Path> s = Files.list(fleet.resolve("share"))) {
            one = s.filter(p -> p.getFileName().toString().startsWith(planted.moduleHosts().get(1))).findFirst()
                    .orElseThrow();
        }
        Files.copy(one, copy.resolve(one.getFileName()));
        try (EmbeddedFleet f = EmbeddedFleet.load(ReportFiles.find(List.of(fleet, copy)), false)) {
            FleetAnswers a = answers(f);
            PlantedAnswers.check(a, planted);
            assertTrue(a.coverage().problems().stream().anyMatch(p -> p.what().startsWith("copy of a report")));
        }
    }

    @Test
    void theCommandLineAnswersAndRefusesBadUsage() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"fleet", fleet.toString(), "--entity", FleetGenerator.POOL_IP},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("ferret fleet: " + planted.hosts() + " hosts"), text);
        assertTrue(text.contains("3 of " + planted.hosts() + "  module svchost.exe > "), text);
        assertTrue(text.contains(planted.patientZero() + " -> "), text);

        StringWriter jsonl = new StringWriter();
        assertEquals(0, Main.run(new String[] {"fleet", fleet.toString(), "--format", "jsonl"},
                new PrintWriter(jsonl), new PrintWriter(err)));
        assertTrue(jsonl.toString().lines().allMatch(l -> l.startsWith("{\"question\":\"")));
        assertTrue(jsonl.toString().contains("\"question\":\"coverage\""));

        StringWriter bad = new StringWriter();
        assertEquals(2, Main.run(new String[] {"fleet", dir.resolve("nowhere").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(bad)));
        assertTrue(bad.toString().startsWith("ferret: no such report file or folder"), bad.toString());
        assertFalse(bad.toString().contains("Exception"));
    }

    @Test
    void hostileNamesAreEscapedForTheTerminalAndThePage() throws Exception {
        Path one = Files.createDirectories(dir.resolve("hostile"));
        String host = "<img src=x onerror=alert(1)>\\u001b[2J"; // JSON text: the escape character escaped
        Files.writeString(one.resolve("x.jsonl"), "{\"@timestamp\":\"2026-12-01T00:00:00Z\",\"event\":{\"kind\":"
            + "\"alert\"},\"host\":{\"name\":\"" + host + "\"},\"rule\":{\"id\":\"r\"},\"file\":{\"path\":\"/x\","
            + "\"hash\":{\"sha256\":\"ab\"}}}\n");
        StringWriter text = new StringWriter();
        assertEquals(0, Main.run(new String[] {"fleet", one.toString(), "--host", "x"}, new PrintWriter(text),
                new PrintWriter(new StringWriter())));
        assertFalse(text.toString().contains("\u001b"), "no escape sequence reaches the terminal");
        StringWriter html = new StringWriter();
        assertEquals(0, Main.run(new String[] {"fleet", one.toString(), "--format", "html", "--host",
            "<img src=x onerror=alert(1)>\u001b[2J"}, new PrintWriter(html), new PrintWriter(new StringWriter())));
        assertFalse(html.toString().contains("<img"), html.toString());
        assertTrue(html.toString().contains("&lt;img src=x onerror=alert(1)&gt;"), html.toString());
    }

    static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(p.toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(p))) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
