package dev.ferret.report.delivery;

import dev.ferret.report.JsonLinesSink;
import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a finished scan to the collectors given (syslog, HTTP). Always after the local report is written;
 * a collector that is down yields a failure line (for coverage and stderr), never an exception.
 */
public final class Delivery {
    private final SyslogSender syslog;
    private final boolean cef;
    private final HttpPoster post;
    private final boolean facts;

    private Delivery(SyslogSender syslog, boolean cef, HttpPoster post, boolean facts) {
        this.syslog = syslog;
        this.cef = cef;
        this.post = post;
        this.facts = facts;
    }

    /** Checks the options before the scan; throws IllegalArgumentException with a one-line reason. */
    public static Delivery of(String syslog, String protocol, String format, String post, boolean facts) {
        String f = format == null ? "rfc5424" : format.toLowerCase(Locale.ROOT);
        if (!f.equals("rfc5424") && !f.equals("cef")) {
            throw new IllegalArgumentException("--syslog-format: expected rfc5424 or cef, not '" + format + "'");
        }
        SyslogSender sender = syslog == null ? null : SyslogSender.parse(syslog, protocol == null ? "udp" : protocol);
        HttpPoster poster = null;
        if (post != null) {
            URI uri = HttpPoster.parse(post);
            poster = new HttpPoster(uri, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));
        }
        return new Delivery(sender, f.equals("cef"), poster, facts);
    }

    /** Delivers; returns one line per collector that could not be reached. */
    public List<String> deliver(ScanResult result) {
        List<String> failures = new ArrayList<>();
        if (syslog != null) {
            try {
                syslog.send(new SyslogMessages(cef).of(result));
            } catch (IOException | RuntimeException e) {
                failures.add("syslog " + syslog + ": " + describe(e));
            }
        }
        if (post != null) {
            try {
                StringWriter body = new StringWriter();
                new JsonLinesSink(facts).write(result, body);
                post.post(body.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
            } catch (IOException | RuntimeException e) {
                failures.add("post: " + describe(e));
            }
        }
        return failures;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
