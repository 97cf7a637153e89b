package dev.ferret.cli;

import dev.ferret.data.rules.Golden;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ferret files` end to end, in process, with real libyara and real files. */
class FilesCommandTest {
    private final ObjectMapper json = new ObjectMapper();
    private final StringWriter err = new StringWriter();

    private int ferret(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private List<JsonNode> report(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    private static JsonNode state(List<JsonNode> report) {
        JsonNode last = report.get(report.size() - 1);
        assertEquals("state", last.path("event").path("kind").asText());
        return last.path("ferret").path("coverage");
    }

    @Test
    @Golden("ioc.sweep")
    void withoutLibyaraHashIocsStillMatchAndTheReportSaysWhy(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("wnTKYg"), "pretend miner");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("pretend miner".getBytes()));
        Path iocs = dir.resolve("case-hash-iocs.txt");
        Files.writeString(iocs, md5 + ";test miner\n");
        Path out = dir.resolve("report.jsonl");
        System.setProperty("ferret.yara.library", dir.resolve("no-such-libyara.so").toString());
        int code;
        try {
            code = ferret("files", tree.toString(), "--iocs", iocs.toString(), "--format", "jsonl", "--no-facts",
                    "--quiet", "-o", out.toString());
        } finally {
            System.clearProperty("ferret.yara.library");
        }
        assertEquals(ExitCodes.FINDINGS, code, err.toString());
        List<JsonNode> report = report(out);
        assertTrue(report.stream().anyMatch(n -> n.path("rule").path("id").asText().equals("ioc.sweep")
                && n.path("file").path("hash").path("md5").asText().equals(md5)), report.toString());
        assertTrue(state(report).path("notes").toString().contains("YARA unavailable"), state(report).toString());
    }

    @Test
    void anUnchangedReSweepIsAnsweredFromTheCache(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(tree.resolve("f" + i), "content " + i + (i == 7 ? " CACHE-TEST-MARKER" : ""));
        }
        Path rule = dir.resolve("marker.yar");
        Files.writeString(rule, "rule Cache_Marker { strings: $a = \"CACHE-TEST-MARKER\" condition: $a }\n");
        Path cache = dir.resolve("sweep.cache");
        String[] args = {"files", tree.toString(), "--rules", rule.toString(), "--no-builtin-rules", "--cache",
            cache.toString(), "--format", "jsonl", "--no-facts", "--quiet", "--fail-on", "critical", "-o", ""};

        args[args.length - 1] = dir.resolve("first.jsonl").toString();
        assertEquals(ExitCodes.CLEAN, ferret(args), err.toString());
        args[args.length - 1] = dir.resolve("second.jsonl").toString();
        assertEquals(ExitCodes.CLEAN, ferret(args), err.toString());
        Files.writeString(tree.resolve("f3"), "changed CACHE-TEST-MARKER");
        args[args.length - 1] = dir.resolve("third.jsonl").toString();
        assertEquals(ExitCodes.CLEAN, ferret(args), err.toString());

        JsonNode first = state(report(dir.resolve("first.jsonl"))).path("counters").path("sweep");
        JsonNode second = state(report(dir.resolve("second.jsonl"))).path("counters").path("sweep");
        JsonNode third = state(report(dir.resolve("third.jsonl"))).path("counters").path("sweep");
        assertEquals(0, first.path("files_answered_from_the_cache").asInt());
        assertEquals(20, second.path("files_answered_from_the_cache").asInt());
        assertEquals(19, third.path("files_answered_from_the_cache").asInt(), "only the changed file is read again");
        for (String name : List.of("first.jsonl", "second.jsonl")) {
            assertEquals(1, report(dir.resolve(name)).stream()
                    .filter(n -> n.path("rule").path("id").asText().equals("yara.file")).count(), name);
        }
        assertEquals(2, report(dir.resolve("third.jsonl")).stream()
                .filter(n -> n.path("rule").path("id").asText().equals("yara.file")).count());
    }

    @Test
    void missingRulesAndPathsAreBadInput(@TempDir Path dir) {
        assertEquals(ExitCodes.BAD_INPUT, ferret("files", dir.toString(), "--rules", dir.resolve("none.yar").toString()));
        assertTrue(err.toString().contains("--rules"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, ferret("files", dir.resolve("missing").toString()));
    }
}
