package dev.ferret.fleet.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.fleet.engine.EmbeddedFleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bulk-indexes loaded reports: every record as its own ECS document in {@code ferret-reports}, and what the
 * questions need in {@code ferret-fleet}. Document ids are hashes of what the document is (host and scan time,
 * the line's hash), so shipping the same report again, from any folder, replaces rather than duplicates.
 */
public final class Shipper {
    private static final int BATCH_BYTES = 8 << 20;

    private final OpenSearchConnection os;
    private final ObjectMapper json;
    private final StringBuilder batch = new StringBuilder();
    private long documents;
    private final Map<String, Long> rejected = new TreeMap<>();

    public Shipper(OpenSearchConnection os) {
        this.os = os;
        this.json = os.json();
    }

    /** Ships everything loaded and returns the counts. */
    public Result ship(EmbeddedFleet fleet) throws Exception {
        os.installTemplates();
        long records = 0;
        long start = System.nanoTime();
        fleet.eachLine((report, host, lineHash, line) -> {
            String body = line.strip();
            String doc = "{\"ferret_fleet\":{\"report\":" + json.writeValueAsString(report) + "},"
                + body.substring(1);
            add(OpenSearchConnection.REPORTS, id(report, lineHash), doc);
        });
        records = documents;
        fleet.eachDerived((type, fields) -> {
            Map<String, Object> doc = new TreeMap<>(fields);
            doc.put("doc", type);
            if (type.equals("entity")) {
                doc.put("key", fields.get("kind") + "\u001f" + fields.get("value"));
            }
            String id = type.equals("report") ? id("report", String.valueOf(fields.get("report")))
                    : id(type, String.valueOf(new TreeMap<>(fields).entrySet().stream()
                        .filter(e -> !e.getKey().equals("t") && !e.getKey().equals("alert")).toList()));
            add(OpenSearchConnection.FLEET, id, json.writeValueAsString(doc));
        });
        flush();
        os.call("POST", "/" + OpenSearchConnection.REPORTS + "," + OpenSearchConnection.FLEET + "/_refresh", null);
        return new Result(records, documents - records, (System.nanoTime() - start) / 1_000_000, rejected);
    }

    /** Shipped record and derived document counts, the time taken, and rejected items by reason. */
    public record Result(long records, long derived, long millis, Map<String, Long> rejected) {
    }

    private void add(String index, String id, String doc) throws IOException {
        batch.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n")
                .append(doc).append('\n');
        documents++;
        if (batch.length() >= BATCH_BYTES) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (batch.length() == 0) {
            return;
        }
        JsonNode answer = os.call("POST", "/_bulk", batch.toString());
        batch.setLength(0);
        if (answer.path("errors").asBoolean()) {
            for (JsonNode item : answer.path("items")) {
                JsonNode error = item.path("index").path("error");
                if (!error.isMissingNode()) {
                    rejected.merge(error.path("type").asText("error") + ": " + error.path("reason").asText(""), 1L,
                            Long::sum);
                }
            }
        }
    }

    static String id(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(a.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
