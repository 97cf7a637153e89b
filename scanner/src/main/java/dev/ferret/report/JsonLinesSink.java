package dev.ferret.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.SocketInfo;
import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.Writer;

/**
 * JSON Lines: one finding (event.kind alert) per line, then the collected facts (event.kind event) when
 * asked, then the coverage record (event.kind state) last.
 */
public final class JsonLinesSink implements ReportSink {
    private final ObjectMapper json = new ObjectMapper();
    private final EcsMapper ecs = new EcsMapper(json);
    private final boolean facts;

    public JsonLinesSink(boolean facts) {
        this.facts = facts;
    }

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        for (var f : result.findings()) {
            line(out, ecs.finding(f, result));
        }
        if (facts) {
            for (ProcessInfo p : result.snapshot().processes()) {
                line(out, ecs.process(p, result));
            }
            for (SocketInfo s : result.snapshot().sockets()) {
                line(out, ecs.socket(s, result));
            }
            for (PersistenceEntry e : result.snapshot().persistence()) {
                line(out, ecs.persistenceFact(e, result));
            }
        }
        line(out, ecs.state(result));
        out.flush();
    }

    private void line(Writer out, ObjectNode node) throws IOException {
        out.write(json.writeValueAsString(node));
        out.write('\n');
    }

    @Override
    public String extension() {
        return "jsonl";
    }
}
