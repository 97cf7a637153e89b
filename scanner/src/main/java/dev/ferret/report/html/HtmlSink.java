package dev.ferret.report.html;

import dev.ferret.report.ReportSink;
import dev.ferret.scan.ScanResult;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.escaper.EscapingStrategy;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import org.unbescape.html.HtmlEscape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One self-contained HTML file for people: summary, chains drawn as graphs, timeline, a filterable findings
 * table and the coverage record. No external script, font or style (opened on air-gapped laptops); the one
 * inline script is allowed by its hash in a Content-Security-Policy, so markup smuggled in a host string could
 * not run even if escaping failed. Every value goes through Pebble's auto-escaping, after control and bidi
 * characters are made visible.
 */
public final class HtmlSink implements ReportSink {
    static final String STRATEGY = "html-visible";
    private static final String BASE = "ferret/report/html/";
    private static final PebbleEngine ENGINE = new PebbleEngine.Builder()
            .loader(classpathLoader())
            .addEscapingStrategy(STRATEGY, (EscapingStrategy) s -> HtmlEscape.escapeHtml5(VisibleText.of(s)))
            .defaultEscapingStrategy(STRATEGY)
            .autoEscaping(true)
            .strictVariables(true)
            .cacheActive(true)
            .build();
    private static final String SCRIPT = resource("report.js");
    private static final String STYLE = resource("report.css");

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        PebbleTemplate template = ENGINE.getTemplate("report.peb");
        Map<String, Object> context = new HashMap<>();
        context.put("r", HtmlReportModel.of(result));
        context.put("script", SCRIPT);
        context.put("style", STYLE);
        context.put("scriptHash", "sha256-" + sha256(SCRIPT));
        context.put("styleHash", "sha256-" + sha256(STYLE));
        template.evaluate(out, context);
        out.flush();
    }

    @Override
    public String extension() {
        return "html";
    }

    private static ClasspathLoader classpathLoader() {
        ClasspathLoader loader = new ClasspathLoader(HtmlSink.class.getClassLoader());
        loader.setPrefix(BASE);
        return loader;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlSink.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
