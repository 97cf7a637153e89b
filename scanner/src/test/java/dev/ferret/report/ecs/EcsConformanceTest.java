package dev.ferret.report.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.cli.Main;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.detect.windows.WindowsDetectors;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.report.JsonLinesSink;
import dev.ferret.scan.Area;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON Lines of every area, from real scans of this machine and a planted tree (and the recorded Windows
 * case 2), checked against ECS's field definitions: zero violations.
 */
class EcsConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MINER_CONFIG = "{\"pools\":[{\"url\":\"stratum+tcp://pool.supportxmr.com:3333\","
            + "\"user\":\"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A\"}],"
            + "\"donate-level\":1,\"randomx\":{}}";
    private final EcsValidator validator = new EcsValidator();

    @TempDir
    Path work;

    @Test
    void validatorCatchesWhatTheOldReportsDid() throws IOException {
        // the shape of a pre-ECS record: must fail, or this test proves nothing
        JsonNode old = JSON.readTree("{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"kind\":\"alert\","
                + "\"category\":[\"persistence\",\"memory\"]},\"host\":{\"os\":{\"family\":\"linux\"}},"
                + "\"threat\":{\"technique\":{\"id\":[\"T1053.003\"]}},\"process\":{\"pid\":1,"
                + "\"env_vars\":{\"LD_PRELOAD\":\"/x.so\"}},\"ferret\":{\"coverage\":{\"counters\":"
                + "{\"files\":{\"files listed (total)\":3}}}}}");
        String v = String.join("\n", validator.check(old));
        for (String expected : List.of("ecs.version: missing", "\"persistence\" is not an allowed value",
                "\"memory\" is not an allowed value", "event.type: missing", "threat.framework",
                "T1053.003\" is not an ATT&CK id", "process.env_vars.LD_PRELOAD: not an ECS field", "field name is not lower-case",
                "datetime: missing", "timestamp_desc: missing")) {
            assertTrue(v.contains(expected), "expected '" + expected + "' among:\n" + v);
        }
    }

    @Test
    void everyLinuxAreaConforms() throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree/.x"));
        Files.copy(Path.of("/bin/true").toRealPath(), tree.resolve(".helper"));
        Files.writeString(tree.resolve("config.json"), MINER_CONFIG);
        String self = Long.toString(ProcessHandle.current().pid());
        List<List<String>> runs = List.of(
                List.of("processes", "--cpu-window", "0.2"),
                List.of("network"),
                List.of("persistence"),
                List.of("access"),
                List.of("files", work.resolve("tree").toString()),
                List.of("memory", "--pid", self),
                List.of("exposure", "127.0.0.1", "--ports", "9", "--timeout", "300"));
        List<String> violations = new ArrayList<>();
        int records = 0;
        for (List<String> run : runs) {
            Path out = work.resolve(run.get(0) + ".jsonl");
            List<String> args = new ArrayList<>(run);
            args.addAll(List.of("--format", "jsonl", "-o", out.toString(), "-q"));
            StringWriter err = new StringWriter();
            int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertTrue(code == 0 || code == 1, run + " exited " + code + ": " + err);
            List<String> lines = Files.readAllLines(out);
            assertFalse(lines.isEmpty(), run + " wrote nothing");
            for (String line : lines) {
                records++;
                validator.check(JSON.readTree(line)).forEach(x -> violations.add(run.get(0) + ": " + x));
            }
        }
        assertEquals(List.of(), distinct(violations), records + " records checked");
        assertTrue(Files.readString(work.resolve("processes.jsonl")).contains("\"dataset\":\"ferret.process\""),
                "the processes report must carry process facts to be a test of them");
        assertTrue(Files.readString(work.resolve("files.jsonl")).contains("\"event\":{\"kind\":\"alert\""),
                "the planted tree must give findings");
    }

    @Test
    void windowsRecordingConforms() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, work));
        s.host(new HostInfo("WIN-DB02", "windows", "Windows Server 2016 Standard", "10.0.14393", "amd64", 4, null));
        List<Finding> findings = WindowsFixture.detect(s, WindowsDetectors.all());
        assertFalse(findings.isEmpty());
        ScanResult result = new ScanResult(new ScanRequest(EnumSet.of(Area.PROCESSES, Area.PERSISTENCE), Path.of("/"),
                true, null, null), s, findings, WindowsFixture.NOW, WindowsFixture.NOW.plusSeconds(5));
        StringWriter out = new StringWriter();
        new JsonLinesSink(true).write(result, out);
        List<String> violations = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            JsonNode n = JSON.readTree(line);
            validator.check(n).forEach(violations::add);
            assertEquals("windows", n.at("/host/os/type").asText(), line);
        }
        assertEquals(List.of(), distinct(violations));
        assertTrue(out.toString().contains("\"threat\":{\"framework\":\"MITRE ATT&CK\""), "case 2 names techniques");
    }

    @Test
    void recordsCarryTheirOwnTimeAndTheScanTime() throws Exception {
        Path tree = Files.createDirectories(work.resolve("t/.x"));
        Files.writeString(tree.resolve("config.json"), MINER_CONFIG);
        Instant old = Instant.parse("2024-03-10T10:05:31Z");
        Files.setLastModifiedTime(tree.resolve("config.json"), java.nio.file.attribute.FileTime.from(old));
        Path out = work.resolve("f.jsonl");
        Main.run(new String[] {"files", work.resolve("t").toString(), "--format", "jsonl", "-o", out.toString(), "-q"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        JsonNode finding = Files.readAllLines(out).stream().map(EcsConformanceTest::tree)
                .filter(n -> n.at("/file/path").asText().endsWith("/config.json")).findFirst().orElseThrow();
        assertEquals(old.toString(), finding.at("/@timestamp").asText(), finding.toString());
        assertEquals("File Modified", finding.at("/timestamp_desc").asText());
        assertTrue(Instant.parse(finding.at("/event/created").asText()).isAfter(old.plusSeconds(86400)));
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> distinct(List<String> violations) {
        Set<String> seen = new java.util.LinkedHashSet<>(violations);
        return seen.stream().limit(40).collect(Collectors.toList());
    }
}
