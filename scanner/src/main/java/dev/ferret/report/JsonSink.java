package dev.ferret.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.Writer;

/** One JSON document: {"findings": [...], "facts": {...}, "state": {...}}, each element in ECS form. */
public final class JsonSink implements ReportSink {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final EcsMapper ecs = new EcsMapper(json);
    private final boolean facts;

    public JsonSink(boolean facts) {
        this.facts = facts;
    }

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        ObjectNode root = json.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        result.findings().forEach(f -> findings.add(ecs.finding(f, result)));
        if (facts) {
            ObjectNode factNode = root.putObject("facts");
            ArrayNode processes = factNode.putArray("processes");
            result.snapshot().processes().forEach(p -> processes.add(ecs.process(p, result)));
            ArrayNode sockets = factNode.putArray("sockets");
            result.snapshot().sockets().forEach(s -> sockets.add(ecs.socket(s, result)));
            ArrayNode persistence = factNode.putArray("persistence");
            result.snapshot().persistence().forEach(e -> persistence.add(ecs.persistenceFact(e, result)));
        }
        root.set("state", ecs.state(result));
        json.writeValue(new NonClosingWriter(out), root);
        out.write('\n');
        out.flush();
    }

    @Override
    public String extension() {
        return "json";
    }

    /** Jackson closes the writer it is given; stdout must stay open. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
