package dev.ferret.report.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.report.EcsMapper;
import dev.ferret.report.Version;
import dev.ferret.scan.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The syslog messages of one scan: one per finding, then the closing state record. RFC 5424 with the finding's
 * ECS record as the message (or a CEF line with --syslog-format cef), facility local0, the finding's severity
 * mapped to syslog's: critical → crit, high → err, medium → warning, low → notice, info → informational.
 */
public final class SyslogMessages {
    /** The IANA enterprise number reserved for documentation (RFC 5612), for ferret's structured data. */
    static final String SD_ID = "ferret@32473";
    static final int FACILITY = 16;
    /** Largest message sent (rsyslog's default maxMessageSize is 8 KiB); longer records are shortened. */
    static final int MAX_BYTES = 8000;
    private final ObjectMapper json = new ObjectMapper();
    private final EcsMapper ecs = new EcsMapper(json);
    private final boolean cef;
    private final String pid = Long.toString(ProcessHandle.current().pid());

    public SyslogMessages(boolean cef) {
        this.cef = cef;
    }

    public static int severity(Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFO -> 6;
        };
    }

    public List<String> of(ScanResult result) {
        String host = result.snapshot().host() == null ? "-" : headerField(result.snapshot().host().name());
        List<String> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            String sd = "[" + SD_ID + " rule=\"" + param(f.ruleId()) + "\" severity=\"" + f.severity().label()
                    + "\" score=\"" + f.score() + "\"" + (f.chain() == null ? "" : " chain=\"" + param(f.chain()) + "\"")
                    + "]";
            String body = cef ? Cef.finding(f, result) : fit(ecs.finding(f, result));
            out.add(header(severity(f.severity()), result.finished(), host, "finding") + " " + sd + " " + body);
        }
        ObjectNode state = ecs.state(result);
        String body = cef ? Cef.state(result) : fit(state);
        out.add(header(6, result.finished(), host, "state") + " [" + SD_ID + " findings=\"" + result.findings().size()
                + "\"] " + body);
        return out;
    }

    private String header(int severity, Instant time, String host, String msgId) {
        return "<" + (FACILITY * 8 + severity) + ">1 " + time + " " + host + " ferret " + pid + " " + msgId;
    }

    /** The record as JSON, or a shortened one (no facts lists, first reason only) when it is too long. */
    private String fit(ObjectNode record) {
        String text = record.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return text;
        }
        ObjectNode small = json.createObjectNode();
        for (String keep : List.of("@timestamp", "message", "ecs", "event", "host", "rule")) {
            if (record.has(keep)) {
                small.set(keep, record.get(keep));
            }
        }
        String msg = small.path("message").asText("");
        if (msg.length() > 2000) {
            small.put("message", msg.substring(0, 2000) + "…");
        }
        small.putObject("ferret").put("truncated", true).put("version", Version.get());
        return small.toString();
    }

    /** RFC 5424 header fields: printable US-ASCII, no spaces, at most 255 characters. */
    static String headerField(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            b.append(c > 32 && c < 127 ? c : '_');
        }
        String s = b.length() == 0 ? "-" : b.toString();
        return s.length() > 255 ? s.substring(0, 255) : s;
    }

    /** A structured-data parameter value: '"', '\' and ']' escaped, as RFC 5424 section 6.3.3 says. */
    static String param(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}
