package dev.ferret.respond;

import dev.ferret.report.Printable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Step;

import java.util.List;

/** The plan and the results of applying it, for people (text) and for tools (JSON). */
public final class PlanOutput {
    private final ObjectMapper json = new ObjectMapper();

    public ObjectMapper json() {
        return json;
    }

    public ObjectNode plan(Plan plan) {
        ObjectNode o = json.createObjectNode();
        o.put("host", plan.host());
        o.put("platform", plan.platform().id());
        o.put("root", plan.root());
        o.put("live", plan.live());
        o.put("created", plan.created().toString());
        o.put("source", plan.source());
        strings(o.putArray("chains"), plan.chains());
        ArrayNode steps = o.putArray("steps");
        for (Step s : plan.steps()) {
            ObjectNode n = steps.addObject();
            n.put("id", s.id());
            n.put("kind", s.kind().id());
            strings(n.putArray("chains"), s.chains());
            strings(n.putArray("rules"), s.rules());
            n.put("reason", s.reason());
            n.put("target", s.target());
            n.put("shell", s.refused() ? null : s.shell());
            if (s.powershell() != null && !s.refused()) {
                n.put("powershell", s.powershell());
            }
            n.put("refused", s.refusal() != null);
            if (s.refusal() != null) {
                n.put("refusal", s.refusal());
            }
            n.put("manual", s.manual());
            ObjectNode action = json.valueToTree(s.action());
            action.put("type", s.action().type());
            n.set("action", action);
        }
        strings(o.putArray("notes"), plan.notes());
        return o;
    }

    public ArrayNode outcomes(List<Outcome> outcomes) {
        ArrayNode a = json.createArrayNode();
        for (Outcome r : outcomes) {
            ObjectNode n = a.addObject();
            n.put("step", r.stepId());
            n.put("kind", r.kind() == null ? null : r.kind().id());
            n.put("action", r.action());
            n.put("target", r.target());
            n.put("result", r.status().id());
            n.put("message", r.message());
            if (!r.details().isEmpty()) {
                strings(n.putArray("details"), r.details());
            }
        }
        return a;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    public String text(Plan plan) {
        StringBuilder b = new StringBuilder();
        long refused = plan.steps().stream().filter(Step::refused).count();
        long manual = plan.steps().stream().filter(s -> s.manual() && !s.refused()).count();
        b.append("ferret response plan for ").append(Printable.text(plan.host())).append(" (").append(plan.platform().id())
                .append(plan.live() ? ", live" : ", offline image " + Printable.text(String.valueOf(plan.root()))).append("): ")
                .append(plan.steps().size()).append(" step").append(plan.steps().size() == 1 ? "" : "s");
        if (!plan.chains().isEmpty()) {
            b.append(" for chain").append(plan.chains().size() == 1 ? " " : "s ").append(String.join(", ", plan.chains()));
        }
        if (refused > 0 || manual > 0) {
            b.append(" (").append(refused).append(" refused, ").append(manual).append(" to do by hand)");
        }
        b.append('\n');
        if (plan.steps().isEmpty()) {
            b.append("Nothing to do.\n");
        }
        for (Step s : plan.steps()) {
            b.append('\n').append(String.format("%-4s %-12s %s", s.id(), s.kind().id(), s.target() == null ? ""
                    : visible(s.target())));
            if (!s.chains().isEmpty()) {
                b.append("  [").append(String.join(",", s.chains())).append(']');
            }
            b.append('\n');
            indent(b, "why: " + visible(s.reason()));
            if (s.refusal() != null) {
                // a refused step prints no command: it is not to be run, by ferret or by hand
                indent(b, "REFUSED: " + visible(s.refusal()));
                continue;
            } else if (s.manual()) {
                indent(b, "by hand (ferret does not execute this step here)");
            }
            if (s.shell() != null) {
                for (String line : s.shell().split("\n")) {
                    indent(b, "$ " + line);
                }
            }
            if (s.powershell() != null) {
                for (String line : s.powershell().split("\n")) {
                    indent(b, "PS> " + line);
                }
            }
        }
        if (!plan.notes().isEmpty()) {
            b.append("\nNotes:\n");
            for (String n : plan.notes()) {
                b.append("  - ").append(visible(n)).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Host text made safe for a terminal: control and format characters (ESC, CR, LF, bidi overrides) and bytes
     * that are not UTF-8 are shown as escapes, so a file name cannot clear the screen or fake a line of the plan.
     */
    static String visible(String text) {
        // the one escaping layer of text output (raw name bytes show as \xHH, controls and bidi as escapes)
        return text == null ? "" : Printable.text(text);
    }

    private static void indent(StringBuilder b, String text) {
        b.append("       ").append(text).append('\n');
    }

    public String text(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        for (Outcome o : outcomes) {
            b.append(String.format("%-6s %-13s %-11s %s%n", o.stepId(), o.status().id(), o.kind() == null ? ""
                    : o.kind().id(), o.target() == null ? "" : visible(o.target())));
            b.append("       ").append(visible(o.message())).append('\n');
            for (String d : o.details()) {
                b.append("         ").append(visible(d)).append('\n');
            }
        }
        return b.toString();
    }
}
