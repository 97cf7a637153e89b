package dev.ferret.report;

import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.scan.ScanResult;

import dev.ferret.report.timeline.Timeline;
import dev.ferret.report.timeline.TimelineText;

import java.io.IOException;
import java.time.ZoneId;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The responder's terminal summary: findings grouped by severity, worst first, each with the evidence
 * needed to act (pid, path, command line, address) and the response, then what was not looked at.
 * Fits an 80-column terminal.
 */
public final class TextSink implements ReportSink {
    static final int WIDTH = 80;
    private final Severity minimum;

    /** @param minimum findings below this severity are counted but not listed */
    public TextSink(Severity minimum) {
        this.minimum = minimum;
    }

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        List<String> lines = new ArrayList<>();
        HostInfo host = result.snapshot().host();
        lines.add(String.format("ferret %s  %s scan of %s (%s)", Version.get(),
                result.request().live() ? "live" : "offline", host == null ? "?" : Printable.text(host.name()),
                host == null ? "?" : Printable.text(host.osName())));
        lines.add(String.format("%s, %.1f s, areas: %s", DateTimeFormatter.ISO_INSTANT.format(
                        result.finished().truncatedTo(ChronoUnit.SECONDS)), result.duration().toMillis() / 1000.0,
                String.join(", ", result.request().areas().stream().map(a -> a.id()).sorted().toList())));
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            List<Finding> group = result.findings().stream().filter(f -> f.severity() == s).toList();
            if (group.isEmpty() || s.compareTo(minimum) < 0) {
                continue;
            }
            lines.add("");
            lines.add(s.name() + " (" + group.size() + ")");
            for (Finding f : group) {
                finding(f, lines);
            }
        }
        // the dated moments only: undated findings are all listed above already
        List<String> timeline = TimelineText.lines(Timeline.of(result.findings(), result.snapshot())
                .atLeast(minimum), ZoneId.systemDefault()).stream().filter(l -> !l.startsWith("(time unknown)")).toList();
        if (!timeline.isEmpty()) {
            lines.add("");
            lines.add("TIMELINE");
            timeline.forEach(l -> lines.addAll(TextWrap.wrapEscaped(l, WIDTH, "  ", "      ")));
        }
        lines.add("");
        lines.add(summary(result));
        coverage(result.snapshot().coverage(), lines);
        for (String line : lines) {
            // the last guard: no line reaches the terminal with a control or bidi character in it
            out.write(Printable.guard(line));
            out.write('\n');
        }
        out.flush();
    }

    private static void finding(Finding f, List<String> lines) {
        lines.add("");
        String head = "[" + f.chain() + "] " + f.ruleName();
        String tail = " " + f.score();
        lines.addAll(TextWrap.wrap(head + pad(WIDTH - head.length() - tail.length() - 2) + tail, WIDTH, "  ", "      "));
        lines.add("      rule " + f.ruleId() + (f.techniques().isEmpty() ? "" : "  ATT&CK " + String.join(",", f.techniques())));
        if (f.process() != null) {
            var p = f.process();
            StringBuilder b = new StringBuilder("pid " + p.pid());
            if (p.ppid() >= 0) {
                b.append(" (parent ").append(p.ppid()).append(")");
            }
            if (p.name() != null) {
                b.append("  ").append(p.name());
            }
            if (p.executable() != null) {
                b.append("  ").append(p.executable());
            }
            lines.addAll(TextWrap.wrap(b.toString(), WIDTH, "      ", "        "));
            if (p.commandLine() != null && !p.commandLine().isEmpty()) {
                lines.addAll(TextWrap.wrap("cmd: " + abbreviate(p.commandLine()), WIDTH, "      ", "        "));
            }
        }
        if (f.file() != null) {
            String md5 = f.file().md5() != null ? "  md5 " + f.file().md5() : "";
            lines.addAll(TextWrap.wrap("file: " + f.file().path() + md5, WIDTH, "      ", "        "));
        }
        if (f.persistence() != null) {
            lines.addAll(TextWrap.wrap("entry: " + f.persistence().location()
                    + (f.persistence().command() != null ? "  " + f.persistence().command() : ""), WIDTH,
                    "      ", "        "));
        }
        if (f.destination() != null) {
            lines.addAll(TextWrap.wrap("address: " + (f.source() != null ? f.source() + " -> " : "") + f.destination(),
                    WIDTH, "      ", "        "));
        }
        for (Reason r : f.reasons()) {
            lines.addAll(TextWrap.wrap("- " + r.text(), WIDTH, "      ", "        "));
        }
        for (String step : f.response()) {
            lines.addAll(TextWrap.wrap("> " + step, WIDTH, "      ", "        "));
        }
    }

    private static String summary(ScanResult result) {
        List<String> parts = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            long n = result.findings().stream().filter(f -> f.severity() == s).count();
            parts.add(n + " " + s.label());
        }
        return "Findings: " + String.join(", ", parts);
    }

    private static void coverage(Coverage coverage, List<String> lines) {
        List<String> counted = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> area : coverage.counters().entrySet()) {
            for (Map.Entry<String, Long> c : area.getValue().entrySet()) {
                counted.add(c.getValue() + " " + c.getKey());
            }
        }
        lines.addAll(TextWrap.wrap("Covered: " + String.join(", ", counted), WIDTH, "", "  "));
        if (!coverage.gaps().isEmpty() || !coverage.notes().isEmpty()) {
            lines.add("Not examined:");
            for (Coverage.Gap g : coverage.gaps()) {
                String examples = g.examples().isEmpty() ? "" : " (e.g. " + String.join(", ",
                        g.examples().stream().limit(2).map(TextSink::shorten).toList()) + ")";
                String count = g.count() > 1 ? g.count() + "x " : "";
                lines.addAll(TextWrap.wrap("- " + g.area() + ": " + count + g.reason() + examples, WIDTH, "  ", "    "));
            }
            for (String note : coverage.notes()) {
                lines.addAll(TextWrap.wrap("- " + note, WIDTH, "  ", "    "));
            }
        }
    }

    /** Long command lines (some carry whole environments) are cut; the JSON report keeps them whole. */
    static String abbreviate(String text) {
        int max = 3 * WIDTH;
        return text.length() <= max ? text
                : text.substring(0, max) + " ... (" + (text.length() - max) + " more characters)";
    }

    private static String shorten(String example) {
        return example.length() <= 60 ? example : example.substring(0, 57) + "...";
    }

    private static String pad(int n) {
        return " ".repeat(Math.max(1, n));
    }

    @Override
    public String extension() {
        return "txt";
    }
}
