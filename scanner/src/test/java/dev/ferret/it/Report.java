package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.Severity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A parsed JSON Lines report: findings ({@code event.kind == "alert"}), facts, and the closing
 * {@code state} record. Assertion helpers print every finding when they fail, so a red test says what
 * ferret did find.
 */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> records;
    private final String origin;

    private Report(List<JsonNode> records, String origin) {
        this.records = List.copyOf(records);
        this.origin = origin;
    }

    /** Parses JSON Lines; every non-empty line must be one JSON object. */
    static Report parse(String text, String origin) {
        List<JsonNode> records = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    fail("line " + n + " of " + origin + " is not a JSON object: " + line);
                }
                records.add(node);
            } catch (IOException e) {
                fail("line " + n + " of " + origin + " is not JSON (" + e.getMessage() + "): " + line);
            }
        }
        return new Report(records, origin);
    }

    static Report read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> records() {
        return records;
    }

    List<JsonNode> findings() {
        return records.stream().filter(r -> "alert".equals(r.at("/event/kind").asText())).toList();
    }

    List<JsonNode> findings(String ruleId) {
        return findings().stream().filter(f -> ruleId.equals(ruleId(f))).toList();
    }

    List<JsonNode> findingsWithRulePrefix(String prefix) {
        return findings().stream().filter(f -> ruleId(f).startsWith(prefix)).toList();
    }

    /** The closing state record, which must be the last line and the only one. */
    JsonNode state() {
        assertFalse(records.isEmpty(), "empty report from " + origin);
        JsonNode last = records.get(records.size() - 1);
        assertEquals("state", last.at("/event/kind").asText(), "the last record must be the state record");
        assertEquals(1, records.stream().filter(r -> "state".equals(r.at("/event/kind").asText())).count(),
                "exactly one state record");
        return last;
    }

    /** The one finding of this rule that matches; fails listing all findings otherwise. */
    JsonNode require(String ruleId, String what, Predicate<JsonNode> test) {
        List<JsonNode> matching = findings(ruleId).stream().filter(test).toList();
        if (matching.isEmpty()) {
            fail("expected a " + ruleId + " finding " + what + "; ferret reported:\n" + describe());
        }
        return matching.get(0);
    }

    void requireNone(String ruleId, String what, Predicate<JsonNode> test) {
        List<JsonNode> matching = findings(ruleId).stream().filter(test).toList();
        if (!matching.isEmpty()) {
            fail("expected no " + ruleId + " finding " + what + ", got:\n" + describe(matching));
        }
    }

    /** Gaps in the state record's coverage. */
    List<JsonNode> gaps() {
        List<JsonNode> gaps = new ArrayList<>();
        state().at("/ferret/coverage/gaps").forEach(gaps::add);
        return gaps;
    }

    List<String> notes() {
        List<String> notes = new ArrayList<>();
        state().at("/ferret/coverage/notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }

    String describe() {
        return describe(findings()) + "state: " + (records.isEmpty() ? "(none)" : records.get(records.size() - 1)) + "\n";
    }

    static String describe(List<JsonNode> findings) {
        if (findings.isEmpty()) {
            return "  (no findings)\n";
        }
        return findings.stream().map(Report::summary).map(s -> "  " + s + "\n").collect(Collectors.joining());
    }

    /** One line per finding: rule, severity, pid, path, destination, chain, reasons. */
    static String summary(JsonNode f) {
        StringBuilder b = new StringBuilder();
        b.append(ruleId(f)).append(" [").append(f.at("/ferret/severity").asText()).append(' ')
                .append(f.at("/ferret/score").asInt()).append(']');
        if (f.at("/process/pid").isNumber()) {
            b.append(" pid=").append(f.at("/process/pid").asInt());
        }
        if (f.at("/file/path").isTextual()) {
            b.append(" file=").append(f.at("/file/path").asText());
        }
        if (f.at("/destination/ip").isTextual()) {
            b.append(" dst=").append(f.at("/destination/ip").asText()).append(':')
                    .append(f.at("/destination/port").asInt());
        }
        if (f.at("/ferret/persistence/path").isTextual()) {
            b.append(" persistence=").append(f.at("/ferret/persistence/path").asText()).append(':')
                    .append(f.at("/ferret/persistence/line").asInt());
        }
        b.append(" chain=").append(f.at("/ferret/chain").asText()).append(" reasons=").append(reasons(f));
        return b.toString();
    }

    static String ruleId(JsonNode f) {
        return f.at("/rule/id").asText();
    }

    static List<String> reasons(JsonNode f) {
        List<String> reasons = new ArrayList<>();
        f.at("/ferret/reasons").forEach(r -> reasons.add(r.asText()));
        return reasons;
    }

    static int pid(JsonNode f) {
        return f.at("/process/pid").asInt(-1);
    }

    static String severity(JsonNode f) {
        return f.at("/ferret/severity").asText();
    }

    /** True for severity high or critical. */
    static boolean atLeastHigh(JsonNode f) {
        return atLeast(f, Severity.HIGH);
    }

    static boolean atLeast(JsonNode f, Severity floor) {
        return Severity.parse(severity(f)).compareTo(floor) >= 0;
    }

    /** All text of a finding, for "mentions X anywhere" checks. */
    static String text(JsonNode f) {
        return f.toString();
    }
}
