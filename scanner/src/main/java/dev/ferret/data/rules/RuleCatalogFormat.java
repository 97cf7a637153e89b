package dev.ferret.data.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.scan.Area;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The catalogue as text for a terminal, as JSON Lines, and as the README's Markdown table. */
public final class RuleCatalogFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleCatalogFormat() {
    }

    /** One block per rule: id, areas and techniques on the first line, then the description. */
    public static String text(List<Rule> rules) {
        StringBuilder out = new StringBuilder();
        for (Rule r : rules) {
            out.append(clean(r.id())).append("  [").append(areas(r)).append("]  ")
                    .append(clean(techniques(r).isEmpty() ? "-" : techniques(r))).append('\n')
                    .append("    ").append(clean(r.title())).append(": ").append(clean(r.description())).append('\n');
        }
        return out.toString();
    }

    /** One JSON object per rule, everything declared. */
    public static String jsonl(List<Rule> rules) {
        StringBuilder out = new StringBuilder();
        for (Rule r : rules) {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", r.id()).put("title", r.title()).put("detector", r.detector());
            ArrayNode areas = o.putArray("areas");
            r.areas().forEach(a -> areas.add(a.id()));
            ArrayNode tactics = o.putArray("tactics");
            r.tactics().forEach(tactics::add);
            ArrayNode techniques = o.putArray("techniques");
            r.techniques().values().forEach(t -> techniques.addObject().put("id", t.id()).put("name", t.name()));
            o.put("description", r.description());
            parameters(o.putObject("weights"), r.weights());
            parameters(o.putObject("thresholds"), r.thresholds());
            o.put("response", r.response());
            out.append(o).append('\n');
        }
        return out.toString();
    }

    /** The README's "what it detects" table. */
    public static String markdown(List<Rule> rules) {
        StringBuilder out = new StringBuilder("| rule | areas | ATT&CK | what it finds |\n|---|---|---|---|\n");
        for (Rule r : rules) {
            out.append("| `").append(r.id()).append("` | ").append(areas(r)).append(" | ")
                    .append(techniques(r).isEmpty() ? "—" : techniques(r)).append(" | ")
                    .append(r.title().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    private static void parameters(ObjectNode node, Map<String, Parameter> params) {
        params.forEach((name, p) -> {
            ObjectNode o = node.putObject(name);
            if (p.value() == Math.rint(p.value())) {
                o.put("value", (long) p.value());
            } else {
                o.put("value", p.value());
            }
            o.put("meaning", p.meaning());
        });
    }

    private static String areas(Rule r) {
        return r.areas().stream().map(Area::id).collect(Collectors.joining(", "));
    }

    private static String techniques(Rule r) {
        return r.techniques().values().stream().map(Technique::id).distinct().collect(Collectors.joining(", "));
    }

    /** Declarations may come from a user's folder: no control characters reach the terminal. */
    private static String clean(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
