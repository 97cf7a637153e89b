package dev.ferret.fleet.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.fleet.questions.FleetAnswers;

import java.io.PrintWriter;
import java.time.Instant;

/** The fleet answers as JSON Lines: one object per answer row, its question in {@code question}. */
public final class JsonLinesAnswers {
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    public void write(FleetAnswers a, PrintWriter out) throws Exception {
        line(out, "fleet", json.createObjectNode().put("hosts", a.hosts()).put("reports", a.reports()));
        for (var p : a.prevalence()) {
            line(out, "prevalence", tree(p));
        }
        for (var w : a.whoElse()) {
            line(out, "who_else", tree(w));
        }
        for (var s : a.spread()) {
            line(out, "spread", tree(s));
        }
        for (var s : a.smb()) {
            line(out, "smb_spread", tree(s));
        }
        for (var c : a.changes()) {
            line(out, "changed", tree(c));
        }
        line(out, "coverage", tree(a.coverage()));
        out.flush();
    }

    private ObjectNode tree(Object o) {
        return json.valueToTree(o);
    }

    private void line(PrintWriter out, String question, ObjectNode node) throws Exception {
        ObjectNode o = json.createObjectNode().put("question", question);
        o.setAll(node);
        out.println(json.writeValueAsString(o));
    }
}
