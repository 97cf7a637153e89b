package dev.ferret.report.ecs;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks records against ECS's field definitions and allowed values kept as test data (fields.txt,
 * allowed-values.txt): unknown fields under an ECS field set, wrong types, values outside the allowed lists,
 * categories without an expected type, malformed ATT&CK ids, field names ECS tools cannot query. Also the
 * three columns Timesketch requires on every record.
 */
public final class EcsValidator {
    /** ECS field sets ferret writes into: any field below them must be a defined ECS field. */
    private static final Set<String> ECS_SETS = Set.of("ecs", "event", "host", "rule", "threat", "process", "user",
            "file", "source", "destination", "network", "message", "@timestamp", "tags");
    /** Custom top-level fields: ferret's own namespace and Timesketch's columns. */
    private static final Set<String> CUSTOM = Set.of("ferret", "datetime", "timestamp_desc");
    private static final Pattern NAME = Pattern.compile("[@a-z0-9_]+");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}");
    private static final Pattern SUBTECHNIQUE = Pattern.compile("T\\d{4}\\.\\d{3}");
    private static final Pattern TACTIC = Pattern.compile("TA\\d{4}");
    private final Map<String, String> types = read("fields.txt");
    private final Map<String, String> allowed = read("allowed-values.txt");

    /** The violations of one record; empty when it conforms. */
    public List<String> check(JsonNode record) {
        List<String> v = new ArrayList<>();
        Map<String, List<JsonNode>> leaves = new HashMap<>();
        flatten("", record, leaves, v);
        for (Map.Entry<String, List<JsonNode>> e : leaves.entrySet()) {
            String field = e.getKey();
            String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
            if (CUSTOM.contains(top)) {
                continue;
            }
            if (!ECS_SETS.contains(top)) {
                v.add(field + ": not an ECS field set and not under ferret.*");
                continue;
            }
            String type = types.get(field);
            if (type == null) {
                v.add(field + ": not an ECS field");
                continue;
            }
            for (JsonNode value : e.getValue()) {
                if (!typed(type, value)) {
                    v.add(field + ": " + value + " is not of ECS type " + type);
                }
            }
            String values = allowed.get(field);
            if (values != null) {
                Set<String> ok = Set.of(values.split(" "));
                e.getValue().stream().filter(x -> !ok.contains(x.asText()))
                        .forEach(x -> v.add(field + ": " + x + " is not an allowed value"));
            }
        }
        for (String required : List.of("@timestamp", "ecs.version", "event.kind", "message", "datetime",
                "timestamp_desc")) {
            if (!leaves.containsKey(required) || leaves.get(required).get(0).asText().isEmpty()) {
                v.add(required + ": missing");
            }
        }
        if (leaves.containsKey("datetime") && !typed("date", leaves.get("datetime").get(0))) {
            v.add("datetime: not an ISO 8601 time");
        }
        List<String> categories = texts(leaves.get("event.category"));
        List<String> eventTypes = texts(leaves.get("event.type"));
        if (!categories.isEmpty() && eventTypes.isEmpty()) {
            v.add("event.type: missing beside event.category");
        }
        for (String c : categories) {
            String expected = allowed.get("expected." + c);
            if (expected != null && eventTypes.stream().noneMatch(t -> Set.of(expected.split(" ")).contains(t))) {
                v.add("event.type " + eventTypes + ": none expected with event.category " + c);
            }
        }
        if (leaves.containsKey("threat.technique.id")) {
            if (!"MITRE ATT&CK".equals(first(leaves.get("threat.framework")))) {
                v.add("threat.framework: must be MITRE ATT&CK");
            }
            ids(leaves.get("threat.technique.id"), TECHNIQUE, "threat.technique.id", v);
            ids(leaves.get("threat.technique.subtechnique.id"), SUBTECHNIQUE, "threat.technique.subtechnique.id", v);
            ids(leaves.get("threat.tactic.id"), TACTIC, "threat.tactic.id", v);
            aligned(leaves, "threat.technique", v);
            aligned(leaves, "threat.technique.subtechnique", v);
            aligned(leaves, "threat.tactic", v);
        }
        for (JsonNode env : leaves.getOrDefault("process.env_vars", List.of())) {
            if (!env.isTextual() || !env.asText().contains("=")) {
                v.add("process.env_vars: " + env + " is not KEY=value");
            }
        }
        return v;
    }

    private void flatten(String prefix, JsonNode node, Map<String, List<JsonNode>> out, List<String> v) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!NAME.matcher(e.getKey()).matches()) {
                    v.add((prefix.isEmpty() ? "" : prefix + ".") + e.getKey() + ": field name is not lower-case "
                            + "letters, digits and underscores");
                }
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, v);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isObject()) {
                    flatten(prefix, item, out, v);
                } else {
                    out.computeIfAbsent(prefix, k -> new ArrayList<>()).add(item);
                }
            }
            out.computeIfAbsent(prefix, k -> new ArrayList<>());
        } else if (!node.isNull()) {
            out.computeIfAbsent(prefix, k -> new ArrayList<>()).add(node);
        }
    }

    private static boolean typed(String type, JsonNode value) {
        return switch (type) {
            case "keyword", "wildcard", "match_only_text", "text" -> value.isTextual();
            case "long" -> value.isIntegralNumber();
            case "float" -> value.isNumber();
            case "date" -> value.isTextual() && date(value.asText());
            case "ip" -> value.isTextual() && ip(value.asText());
            default -> false;
        };
    }

    private static boolean date(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean ip(String text) {
        if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return text.contains(":") && text.matches("[0-9A-Fa-f:.]+") && text.length() <= 45;
    }

    private static void ids(List<JsonNode> values, Pattern p, String field, List<String> v) {
        for (JsonNode id : values == null ? List.<JsonNode>of() : values) {
            if (!p.matcher(id.asText()).matches()) {
                v.add(field + ": " + id + " is not an ATT&CK id");
            }
        }
    }

    private static void aligned(Map<String, List<JsonNode>> leaves, String set, List<String> v) {
        List<JsonNode> ids = leaves.get(set + ".id");
        List<JsonNode> names = leaves.get(set + ".name");
        if (ids != null && (names == null || names.size() != ids.size())) {
            v.add(set + ".name: expected one name per id " + texts(ids) + ", got " + texts(names));
        }
    }

    private static String first(List<JsonNode> values) {
        return values == null || values.isEmpty() ? null : values.get(0).asText();
    }

    private static List<String> texts(List<JsonNode> values) {
        return values == null ? List.of() : values.stream().map(JsonNode::asText).toList();
    }

    private static Map<String, String> read(String name) {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = EcsValidator.class.getResourceAsStream("/ecs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test data /ecs/" + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t", 2);
                    map.put(f[0], f[1].strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }
}
