package dev.ferret.fleet.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.fleet.engine.EntityKinds;
import dev.ferret.fleet.engine.FleetSource;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fleet questions as OpenSearch aggregations over what {@link Shipper} indexed: composite aggregations
 * page through every bucket, so the answers are complete and match the embedded engine's. Host counts use the
 * cardinality aggregation at its highest precision (exact far beyond any fleet's size in practice).
 */
public final class OpenSearchFleet implements FleetSource {
    private static final int PAGE = 5000;
    private final OpenSearchConnection os;
    private final ObjectMapper json;

    public OpenSearchFleet(OpenSearchConnection os) {
        this.os = os;
        this.json = os.json();
    }

    @Override
    public List<Prevalence> prevalence() throws IOException {
        List<Prevalence> out = new ArrayList<>();
        ObjectNode subs = json.createObjectNode();
        subs.putObject("hosts").putObject("cardinality").put("field", "host").put("precision_threshold", 40000);
        subs.putObject("alerted").putObject("filter").putObject("term").put("alert", true);
        composite(filter(term("doc", "entity")), List.of("kind", "value"), subs, b -> {
            if (b.path("alerted").path("doc_count").asLong() > 0) {
                out.add(new Prevalence(key(b), b.path("hosts").path("value").asLong()));
            }
        });
        return out;
    }

    @Override
    public List<EntityHost> entityHosts(Collection<EntityKey> keys) throws IOException {
        List<EntityHost> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        Set<EntityKey> wanted = new HashSet<>(keys);
        // the key entities among them: named in some finding
        List<EntityKey> alerted = new ArrayList<>();
        ObjectNode q = filter(term("doc", "entity"), term("alert", true), terms("key", keys.stream()
                .map(k -> k.kind() + "\u001f" + k.value()).toList()));
        composite(q, List.of("kind", "value"), null, b -> alerted.add(key(b)));
        alerted.retainAll(wanted);
        if (alerted.isEmpty()) {
            return out;
        }
        ObjectNode subs = json.createObjectNode();
        subs.putObject("first").putObject("min").put("field", "t");
        composite(filter(term("doc", "entity"), terms("key", alerted.stream().map(k -> k.kind() + "\u001f" + k.value())
                .toList())), List.of("kind", "value", "host"), subs, b -> {
                    JsonNode first = b.path("first").path("value");
                    out.add(new EntityHost(key(b), b.path("key").path("host").asText(),
                            first.isNumber() ? Instant.ofEpochMilli(first.asLong()) : null));
                });
        return out;
    }

    @Override
    public List<EntityKey> hostEntities(String host) throws IOException {
        List<EntityKey> out = new ArrayList<>();
        composite(filter(term("doc", "entity"), term("alert", true), term("host", host)), List.of("kind", "value"),
                null, b -> out.add(key(b)));
        return out;
    }

    @Override
    public List<ReportInfo> reports() throws IOException {
        List<ReportInfo> out = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = json.createObjectNode();
            body.put("size", PAGE);
            body.set("query", filter(term("doc", "report")));
            body.putArray("sort").addObject().put("report", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = os.call("POST", "/" + OpenSearchConnection.FLEET + "/_search", body.toString())
                    .path("hits").path("hits");
            for (JsonNode h : hits) {
                JsonNode s = h.path("_source");
                out.add(new ReportInfo(s.path("report").asText(), s.path("host").asText(),
                        Instant.ofEpochMilli(s.path("t").asLong()), s.path("complete").asBoolean(),
                        s.path("version").isTextual() ? s.path("version").asText() : null, s.path("lines").asLong(),
                        strings(s.path("gaps")), strings(s.path("notes")), s.path("denied").asLong()));
            }
            if (hits.size() < PAGE) {
                return out;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    @Override
    public List<ChangeKey> changeKeys(Collection<String> reportIds) throws IOException {
        List<ChangeKey> out = new ArrayList<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        composite(filter(term("doc", "change"), terms("report", List.copyOf(reportIds))), List.of("report", "key"), null,
                b -> out.add(new ChangeKey(b.path("key").path("report").asText(), b.path("key").path("key").asText())));
        return out;
    }

    @Override
    public List<Contact> smbContacts() throws IOException {
        List<String> spreaders = new ArrayList<>();
        composite(filter(term("doc", "entity"), term("alert", true), term("kind", EntityKinds.RULE),
                term("value", EntityKinds.SMB_SPREAD_RULE)), List.of("host"), null,
                b -> spreaders.add(b.path("key").path("host").asText()));
        List<Contact> out = new ArrayList<>();
        if (!spreaders.isEmpty()) {
            composite(filter(term("doc", "smb"), terms("host", spreaders)), List.of("host", "address"), null,
                    b -> out.add(new Contact(b.path("key").path("host").asText(), b.path("key").path("address").asText())));
        }
        return out;
    }

    @Override
    public List<Contact> hostAddresses() throws IOException {
        List<Contact> out = new ArrayList<>();
        composite(filter(term("doc", "address")), List.of("host", "address"), null,
                b -> out.add(new Contact(b.path("key").path("host").asText(), b.path("key").path("address").asText())));
        return out;
    }

    @Override
    public List<Problem> problems() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        os.close();
    }

    /** Pages through a composite aggregation over {@code fields}, handing each bucket over. */
    private void composite(ObjectNode query, List<String> fields, ObjectNode subs, Consumer<JsonNode> each)
            throws IOException {
        JsonNode after = null;
        while (true) {
            ObjectNode body = json.createObjectNode();
            body.put("size", 0);
            body.set("query", query);
            ObjectNode agg = body.putObject("aggs").putObject("c");
            ObjectNode comp = agg.putObject("composite");
            comp.put("size", PAGE);
            ArrayNode sources = comp.putArray("sources");
            for (String f : fields) {
                sources.addObject().putObject(f).putObject("terms").put("field", f);
            }
            if (after != null) {
                comp.set("after", after);
            }
            if (subs != null) {
                agg.set("aggs", subs);
            }
            JsonNode c = os.call("POST", "/" + OpenSearchConnection.FLEET + "/_search", body.toString())
                    .path("aggregations").path("c");
            c.path("buckets").forEach(each);
            after = c.path("after_key");
            if (after.isMissingNode() || c.path("buckets").size() < PAGE) {
                return;
            }
        }
    }

    private ObjectNode filter(ObjectNode... clauses) {
        ObjectNode q = json.createObjectNode();
        ArrayNode f = q.putObject("bool").putArray("filter");
        for (ObjectNode c : clauses) {
            f.add(c);
        }
        return q;
    }

    private ObjectNode term(String field, Object value) {
        ObjectNode t = json.createObjectNode();
        t.putObject("term").set(field, json.valueToTree(value));
        return t;
    }

    private ObjectNode terms(String field, List<String> values) {
        ObjectNode t = json.createObjectNode();
        ArrayNode a = t.putObject("terms").putArray(field);
        values.forEach(a::add);
        return t;
    }

    private static EntityKey key(JsonNode bucket) {
        return new EntityKey(bucket.path("key").path("kind").asText(), bucket.path("key").path("value").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
