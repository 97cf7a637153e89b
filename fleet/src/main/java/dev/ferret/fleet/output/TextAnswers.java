package dev.ferret.fleet.output;

import dev.ferret.fleet.engine.FleetSource.EntityKey;
import dev.ferret.fleet.engine.FleetSource.Problem;
import dev.ferret.fleet.questions.FleetAnswers;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The fleet answers as a terminal summary. */
public final class TextAnswers {
    private final int rows;

    /** {@code rows}: at most this many lines per list (the JSON Lines output has all of them). */
    public TextAnswers(int rows) {
        this.rows = rows;
    }

    public void write(FleetAnswers a, PrintWriter out) {
        out.printf("ferret fleet: %d hosts, %d reports%n", a.hosts(), a.reports());
        out.println();
        out.println("Prevalence (rare first): key entity, on how many hosts");
        a.prevalence().stream().limit(rows).forEach(p -> out.printf("  %6d of %d  %s%n", p.hosts(), a.hosts(),
                key(p.key())));
        more(out, a.prevalence().size());
        for (FleetAnswers.WhoElse w : a.whoElse()) {
            out.println();
            out.println("Who else: " + Safe.text(w.asked()) + (w.hosts().isEmpty() ? ": no other host" : ""));
            w.hosts().stream().limit(rows).forEach(s -> out.printf("  %s  shares %s%n", Safe.text(s.host()),
                    s.shared().stream().map(TextAnswers::key).collect(Collectors.joining(", "))));
            more(out, w.hosts().size());
        }
        out.println();
        out.println("First seen and spread (per entity, earliest first: the first host is patient zero)");
        for (FleetAnswers.Spread s : a.spread().stream().limit(rows).toList()) {
            out.println("  " + key(s.key()) + " on " + s.hosts().size() + " hosts");
            s.hosts().stream().limit(rows).forEach(h -> out.printf("    %-24s %s%n", Safe.text(h.first()),
                    Safe.text(h.host())));
        }
        if (!a.smb().isEmpty()) {
            out.println("  Mass outbound 445, and the hosts reached:");
            a.smb().forEach(m -> out.println("    " + Safe.text(m.host()) + " -> " + Safe.text(String.join(", ",
                    m.reached()))));
        }
        out.println();
        out.println("What changed (each host's newest report against its previous one)");
        if (a.changes().isEmpty()) {
            out.println("  nothing");
        }
        a.changes().stream().limit(rows).forEach(c -> {
            out.println("  " + Safe.text(c.host()) + " (" + c.previous() + " -> " + c.newest() + ")");
            c.added().stream().limit(rows).forEach(k -> out.println("    + " + Safe.text(k)));
            c.gone().stream().limit(rows).forEach(k -> out.println("    - " + Safe.text(k)));
        });
        coverage(a.coverage(), out);
        out.flush();
    }

    private void coverage(FleetAnswers.Coverage c, PrintWriter out) {
        out.println();
        out.println("Coverage");
        out.println("  stopped reporting: " + (c.stale().isEmpty() ? "none" : ""));
        c.stale().stream().limit(rows).forEach(s -> out.println("    " + Safe.text(s.host()) + " last " + s.last()));
        list(out, "incomplete scans", c.incomplete());
        out.println("  could not see everything: " + (c.blind().isEmpty() ? "none" : ""));
        c.blind().stream().limit(rows).forEach(b -> out.println("    " + Safe.text(b.host())
                + (b.permissionDenied() > 0 ? ": permission denied x" + b.permissionDenied() + " (not root?)" : "")
                + (b.notes().isEmpty() ? "" : "; " + Safe.text(String.join("; ", b.notes())))));
        list(out, "reports from a newer ferret", c.newer());
        List<Problem> p = c.problems();
        out.println("  unreadable input: " + (p.isEmpty() ? "none"
                : p.stream().mapToLong(Problem::count).sum() + " (reports are never modified)"));
        p.stream().limit(rows).forEach(x -> out.println("    " + Safe.text(x.file()) + ": " + x.count() + " x "
                + Safe.text(x.what())));
    }

    private void list(PrintWriter out, String title, List<String> items) {
        out.println("  " + title + ": " + (items.isEmpty() ? "none" : ""));
        items.stream().limit(rows).forEach(i -> out.println("    " + Safe.text(i)));
        more(out, items.size());
    }

    private void more(PrintWriter out, int size) {
        if (size > rows) {
            out.println("    ... " + (size - rows) + " more (--format jsonl lists all)");
        }
    }

    static String key(EntityKey k) {
        return Safe.text(k.kind() + " " + k.value());
    }
}
