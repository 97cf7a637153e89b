package dev.ferret.fleet.output;

import dev.ferret.fleet.engine.FleetSource.Problem;
import dev.ferret.fleet.questions.FleetAnswers;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The fleet answers as one self-contained HTML page (no script, every report byte escaped). */
public final class HtmlAnswers {
    private final int rows;

    public HtmlAnswers(int rows) {
        this.rows = rows;
    }

    public void write(FleetAnswers a, PrintWriter out) {
        out.println("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            + "<title>ferret fleet</title><style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
            + "td.n{text-align:right}code{word-break:break-all}</style></head><body>");
        out.printf("<h1>ferret fleet: %d hosts, %d reports</h1>%n", a.hosts(), a.reports());
        out.println("<h2>Prevalence (rare first)</h2><table><tr><th>hosts</th><th>kind</th><th>entity</th></tr>");
        a.prevalence().stream().limit(rows).forEach(p -> out.printf(
                "<tr><td class=n>%d of %d</td><td>%s</td><td><code>%s</code></td></tr>%n", p.hosts(), a.hosts(),
                Safe.html(p.key().kind()), Safe.html(p.key().value())));
        out.println("</table>");
        for (FleetAnswers.WhoElse w : a.whoElse()) {
            out.printf("<h2>Who else: %s</h2><table><tr><th>host</th><th>shares</th></tr>%n", Safe.html(w.asked()));
            w.hosts().stream().limit(rows).forEach(s -> out.printf("<tr><td>%s</td><td><code>%s</code></td></tr>%n",
                    Safe.html(s.host()), Safe.html(s.shared().stream().map(k -> k.kind() + " " + k.value())
                        .collect(Collectors.joining("\n")))));
            out.println("</table>");
        }
        out.println("<h2>First seen and spread (patient zero first)</h2>");
        for (FleetAnswers.Spread s : a.spread().stream().limit(rows).toList()) {
            out.printf("<h3>%s <code>%s</code></h3><ol>%n", Safe.html(s.key().kind()), Safe.html(s.key().value()));
            s.hosts().stream().limit(rows).forEach(h -> out.printf("<li>%s %s</li>%n", Safe.html(h.first()),
                    Safe.html(h.host())));
            out.println("</ol>");
        }
        if (!a.smb().isEmpty()) {
            out.println("<h3>Mass outbound 445 and the hosts reached</h3><ul>");
            a.smb().forEach(m -> out.printf("<li>%s &rarr; %s</li>%n", Safe.html(m.host()),
                    Safe.html(String.join(", ", m.reached()))));
            out.println("</ul>");
        }
        out.println("<h2>What changed</h2><table><tr><th>host</th><th>new</th><th>gone</th></tr>");
        a.changes().stream().limit(rows).forEach(c -> out.printf(
                "<tr><td>%s<br>%s &rarr; %s</td><td><code>%s</code></td><td><code>%s</code></td></tr>%n",
                Safe.html(c.host()), c.previous(), c.newest(), lines(c.added()), lines(c.gone())));
        out.println("</table>");
        FleetAnswers.Coverage c = a.coverage();
        out.println("<h2>Coverage</h2><ul>");
        c.stale().forEach(s -> out.printf("<li>stopped reporting: %s (last %s)</li>%n", Safe.html(s.host()), s.last()));
        c.incomplete().forEach(i -> out.printf("<li>incomplete: %s</li>%n", Safe.html(i)));
        c.blind().forEach(b -> out.printf("<li>could not see everything: %s: permission denied x%d %s</li>%n",
                Safe.html(b.host()), b.permissionDenied(), Safe.html(String.join("; ", b.notes()))));
        c.newer().forEach(n -> out.printf("<li>newer ferret: %s</li>%n", Safe.html(n)));
        for (Problem p : c.problems()) {
            out.printf("<li>unreadable input: %s: %d x %s</li>%n", Safe.html(p.file()), p.count(), Safe.html(p.what()));
        }
        out.println("</ul></body></html>");
        out.flush();
    }

    private String lines(List<String> items) {
        return items.stream().limit(rows).map(Safe::html).collect(Collectors.joining("<br>"));
    }
}
