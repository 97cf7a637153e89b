package dev.ferret.report.timeline;

import dev.ferret.model.Finding;
import dev.ferret.report.Printable;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timeline as text lines for the terminal summary or a CSV-like file, one moment a line:
 * {@code "2024-03-10 10:05:31  high      linux.access.brute-force-success  root logged in from 203.0.113.50  [c1]"}.
 * What happened is host text: it is escaped ({@link Printable#text}), so one moment is always one line.
 */
public final class TimelineText {
    private TimelineText() {
    }

    public static List<String> lines(Timeline timeline, ZoneId zone) {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        String suffix = zone.getId().equals("Z") || zone.getId().equals("UTC") ? "Z" : "";
        List<String> out = new ArrayList<>();
        for (Timeline.Entry e : timeline.entries()) {
            out.add(fmt.format(e.time()) + suffix + "  " + line(e.finding(), e.what()));
        }
        for (Finding f : timeline.undated()) {
            out.add(String.format(Locale.ROOT, "%-" + (19 + suffix.length()) + "s", "(time unknown)") + "  "
                    + line(f, f.ruleName()));
        }
        return out;
    }

    private static String line(Finding f, String what) {
        return String.format(Locale.ROOT, "%-8s  %-40s  %s%s", f.severity().label(), f.ruleId(), Printable.text(what),
                f.chain() == null ? "" : "  [" + f.chain() + "]");
    }
}
