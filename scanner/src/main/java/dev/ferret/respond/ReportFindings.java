package dev.ferret.respond;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PathBytes;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings of an earlier scan, read back from its JSON Lines report ({@code ferret scan --format jsonl}):
 * alerts become findings again (with their chains, entities and persistence entries), the state record tells
 * what root the scan examined. Reasons come back with weight 0: the report keeps the score, not the weights.
 *
 * @param host     host.name of the report
 * @param osFamily host.os.family ("linux", "windows")
 * @param root     the root the scan examined ("/" live), null when the report has no state record
 * @param live     whether the scan was of a running system
 */
public record ReportFindings(List<Finding> findings, String host, String osFamily, String root, boolean live) {
    /** A report line that is not what a ferret report holds. */
    public static final class BadReportException extends Exception {
        private static final long serialVersionUID = 1L;

        public BadReportException(String message) {
            super(message);
        }
    }

    public ReportFindings {
        findings = List.copyOf(findings);
    }

    public static ReportFindings read(Path file) throws IOException, BadReportException {
        ObjectMapper json = new ObjectMapper();
        List<Finding> findings = new ArrayList<>();
        String host = null;
        String family = null;
        String root = null;
        boolean live = true;
        int number = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new BadReportException(file + ":" + number + ": not a JSON object (is it a JSON Lines "
                            + "report from 'ferret scan --format jsonl'?)");
                }
                if (n == null || !n.isObject()) {
                    throw new BadReportException(file + ":" + number + ": not a JSON object");
                }
                if (host == null && n.at("/host/name").isTextual()) {
                    host = n.at("/host/name").asText();
                    family = n.at("/host/os/type").asText(n.at("/host/os/family").asText(null)); // ECS: type is linux|windows
                }
                String kind = n.at("/event/kind").asText("");
                if (kind.equals("alert")) {
                    findings.add(finding(n, file, number));
                } else if (kind.equals("state")) {
                    root = n.at("/ferret/scan/root").asText(null);
                    live = n.at("/ferret/scan/live").asBoolean(true);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadReportException(file + ":" + (number + 1) + ": not UTF-8 text");
        }
        if (number == 0) {
            throw new BadReportException(file + ": empty report");
        }
        return new ReportFindings(findings, host, family, root, live);
    }

    static Finding finding(JsonNode n, Path file, int number) throws BadReportException {
        String ruleId = n.at("/rule/id").asText(null);
        if (ruleId == null || ruleId.isEmpty()) {
            throw new BadReportException(file + ":" + number + ": an alert without rule.id");
        }
        String ruleName = n.at("/rule/name").asText(ruleId);
        int score = n.at("/ferret/score").isNumber() ? n.at("/ferret/score").asInt() : n.at("/event/severity").asInt(0);
        List<Reason> reasons = new ArrayList<>();
        n.at("/ferret/reasons").forEach(x -> reasons.add(new Reason(x.asText(), 0)));
        if (reasons.isEmpty()) {
            reasons.add(new Reason(ruleName, 0));
        }
        List<String> categories = texts(n.at("/event/category"));
        List<String> techniques = texts(n.at("/threat/technique/id"));
        ProcessRef process = null;
        JsonNode p = n.get("process");
        if (p != null && p.has("pid")) {
            process = new ProcessRef(p.get("pid").asInt(), p.at("/parent/pid").asInt(-1), text(p, "name"),
                    raw(n, "/ferret/raw/process/executable", text(p, "executable")), text(p, "command_line"));
        }
        FileRef fileRef = null;
        JsonNode f = n.get("file");
        if (f != null && f.hasNonNull("path")) {
            fileRef = new FileRef(raw(n, "/ferret/raw/file/path", f.get("path").asText()),
                    f.has("size") ? f.get("size").asLong() : null,
                    instant(f, "mtime"), f.at("/hash/md5").asText(null), f.at("/hash/sha256").asText(null));
        }
        PersistenceEntry entry = null;
        JsonNode e = n.at("/ferret/persistence");
        if (e.isObject() && e.hasNonNull("kind") && e.hasNonNull("path")) {
            entry = new PersistenceEntry(e.get("kind").asText(),
                    raw(n, "/ferret/raw/ferret/persistence/path", e.get("path").asText()), e.path("line").asInt(0),
                    text(e, "user"), text(e, "command"), instant(e, "mtime"), texts(e.get("references")));
        }
        return new Finding(ruleId, ruleName, categories, techniques, score, reasons, process, fileRef,
                endpoint(n.get("source")), endpoint(n.get("destination")), entry, texts(n.at("/ferret/response")),
                n.at("/ferret/chain").asText(null));
    }

    /** The exact bytes of a path (base64 under ferret.raw) when the report has them, else its text. */
    private static String raw(JsonNode n, String pointer, String text) throws BadReportException {
        JsonNode raw = n.at(pointer);
        if (!raw.isTextual()) {
            return text;
        }
        try {
            return PathBytes.fromBase64(raw.asText());
        } catch (IllegalArgumentException e) {
            throw new BadReportException(pointer.substring(1).replace('/', '.') + " is not base64: " + e.getMessage());
        }
    }

    private static Endpoint endpoint(JsonNode n) {
        return n != null && n.hasNonNull("ip") ? new Endpoint(n.get("ip").asText(), n.path("port").asInt(0)) : null;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(x -> out.add(x.asText()));
        }
        return out;
    }
}
