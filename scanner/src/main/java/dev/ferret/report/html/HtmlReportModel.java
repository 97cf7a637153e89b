package dev.ferret.report.html;

import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.report.Version;
import dev.ferret.report.timeline.Timeline;
import dev.ferret.scan.ScanResult;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** What the HTML template shows, computed once from the scan: plain values, no markup. */
public record HtmlReportModel(String host, String os, String scanTime, String duration, String version, String root,
                              boolean live, String verdict, String verdictClass, List<Count> counts,
                              List<Gap> gaps, List<String> notes, List<Counter> counters, List<Chain> chains,
                              List<Moment> timeline, int timelineHidden, List<Group> groups, List<String> areas,
                              int total) {
    /** Timeline entries drawn; the rest are counted (the CSV and JSON Lines carry them all). */
    static final int MAX_MOMENTS = 500;
    /** Rows drawn per group of repeated findings. */
    static final int MAX_ROWS_PER_GROUP = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public record Count(String severity, long count) {
    }

    public record Gap(String area, String reason, long count, List<String> examples) {
    }

    public record Counter(String area, String name, long count) {
    }

    public record Chain(String id, String severity, int score, String title, List<Row> findings, List<String> steps,
                        ChainGraph graph) {
    }

    public record Moment(String time, String severity, String rule, String what, String chain) {
    }

    public record Row(String severity, int rank, String area, String rule, String ruleName, String subject,
                      String reason, String chain) {
    }

    public record Group(String rule, String ruleName, String severity, int rank, int count, boolean open,
                        List<Row> rows, int hidden, String areas) {
    }

    public static HtmlReportModel of(ScanResult result) {
        var host = result.snapshot().host();
        String hostName = host == null ? "unknown host" : host.name();
        String os = host == null ? "" : (host.osName() != null ? host.osName() : host.osFamily())
                + (host.kernel() != null ? ", kernel " + host.kernel() : "");
        List<Finding> findings = result.findings();
        List<Count> counts = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            counts.add(new Count(s.label(), findings.stream().filter(f -> f.severity() == s).count()));
        }
        Coverage coverage = result.snapshot().coverage();
        List<Gap> gaps = coverage.gaps().stream()
                .map(g -> new Gap(g.area(), g.reason(), g.count(), g.examples())).toList();
        List<Counter> counters = new ArrayList<>();
        coverage.counters().forEach((area, m) -> m.forEach((name, n) -> counters.add(new Counter(area, name, n))));
        Timeline timeline = Timeline.of(findings, result.snapshot());
        List<Moment> moments = new ArrayList<>();
        for (Timeline.Entry e : timeline.entries()) {
            if (moments.size() == MAX_MOMENTS) {
                break;
            }
            moments.add(new Moment(TIME.format(e.time()), e.finding().severity().label(), e.finding().ruleId(),
                    e.what(), e.finding().chain() == null ? "" : e.finding().chain()));
        }
        TreeSet<String> areas = new TreeSet<>();
        findings.forEach(f -> areas.add(area(f)));
        return new HtmlReportModel(hostName, os, TIME.format(result.started()),
                String.format(Locale.ROOT, "%.1f s", result.duration().toMillis() / 1000.0), Version.get(),
                result.request().root().toString(), result.request().live(), verdict(result),
                verdictClass(result), counts, gaps, coverage.notes(), counters, chains(findings), moments,
                timeline.entries().size() - moments.size(), groups(findings), List.copyOf(areas), findings.size());
    }

    private static String verdict(ScanResult result) {
        if (result.count(Severity.HIGH) > 0) {
            return "Compromise likely: " + result.count(Severity.HIGH) + " finding(s) at high or critical severity";
        }
        if (result.count(Severity.MEDIUM) > 0) {
            return "Suspicious: " + result.count(Severity.MEDIUM) + " finding(s) at medium severity, none high";
        }
        return "No evidence of compromise in what was examined";
    }

    private static String verdictClass(ScanResult result) {
        return result.count(Severity.HIGH) > 0 ? "bad" : result.count(Severity.MEDIUM) > 0 ? "warn" : "ok";
    }

    static String area(Finding f) {
        return f.categories().isEmpty() ? "other" : f.categories().get(0);
    }

    private static List<Chain> chains(List<Finding> findings) {
        Map<String, List<Finding>> byChain = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.chain() != null) {
                byChain.computeIfAbsent(f.chain(), k -> new ArrayList<>()).add(f);
            }
        }
        List<Chain> chains = new ArrayList<>();
        for (Map.Entry<String, List<Finding>> e : byChain.entrySet()) {
            List<Finding> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparingInt(Finding::score).reversed());
            Finding worst = members.get(0);
            List<String> steps = new ArrayList<>();
            members.forEach(f -> f.response().stream().filter(s -> !steps.contains(s)).forEach(steps::add));
            chains.add(new Chain(e.getKey(), worst.severity().label(), worst.score(), worst.ruleName(),
                    members.stream().map(HtmlReportModel::row).toList(), steps, ChainGraph.of(members)));
        }
        chains.sort(Comparator.comparingInt(Chain::score).reversed()
                .thenComparing(c -> -c.findings().size()).thenComparing(Chain::id));
        return chains;
    }

    private static List<Group> groups(List<Finding> findings) {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        for (Finding f : findings) {
            byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f);
        }
        List<Group> groups = new ArrayList<>();
        for (List<Finding> members : byRule.values()) {
            members.sort(Comparator.comparingInt(Finding::score).reversed());
            Finding worst = members.get(0);
            List<Row> rows = members.stream().limit(MAX_ROWS_PER_GROUP).map(HtmlReportModel::row).toList();
            TreeSet<String> areas = new TreeSet<>();
            members.forEach(f -> areas.add(area(f)));
            // low and info findings start collapsed: thousands of them must not bury the few that matter
            groups.add(new Group(worst.ruleId(), worst.ruleName(), worst.severity().label(),
                    worst.severity().ordinal(), members.size(), worst.severity().compareTo(Severity.MEDIUM) >= 0,
                    rows, members.size() - rows.size(), String.join(" ", areas)));
        }
        groups.sort(Comparator.comparingInt(Group::rank).reversed().thenComparing(Group::rule));
        return groups;
    }

    private static Row row(Finding f) {
        return new Row(f.severity().label(), f.severity().ordinal(), area(f), f.ruleId(), f.ruleName(),
                subject(f), f.reasons().isEmpty() ? "" : f.reasons().get(0).text(),
                f.chain() == null ? "" : f.chain());
    }

    private static String subject(Finding f) {
        if (f.file() != null) {
            return f.file().path();
        }
        if (f.persistence() != null) {
            return f.persistence().location();
        }
        if (f.process() != null) {
            return "pid " + f.process().pid() + (f.process().name() == null ? "" : " " + f.process().name());
        }
        if (f.destination() != null) {
            return String.valueOf(f.destination());
        }
        return f.source() == null ? "" : String.valueOf(f.source());
    }
}
