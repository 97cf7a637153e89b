package dev.ferret.detect.access;

import dev.ferret.data.Thresholds;
import dev.ferret.data.rules.Rule;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.AccessSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What every access detector needs: the facts, the thresholds, the host's "now", and time formatting. */
final class AccessContext {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    final Snapshot snapshot;
    final DetectorContext context;
    final AccessFacts facts;
    final Thresholds t;
    final Instant now;
    final Duration recent;

    AccessContext(Snapshot snapshot, DetectorContext context) {
        this.snapshot = snapshot;
        this.context = context;
        this.facts = AccessSnapshot.peek(snapshot).orElseGet(AccessFacts::new);
        this.t = context.data().thresholds();
        this.now = facts.reference(snapshot, context.clock());
        this.recent = Duration.ofDays(t.integer("access.recent.days"));
    }

    /** A rule's declaration (its techniques and the weights not shared with other access rules). */
    Rule rule(String id) {
        return context.data().rules().rule(id);
    }

    int weight(String key) {
        return t.integer(key);
    }

    boolean isRecent(Instant time) {
        return time != null && !time.isBefore(now.minus(recent)) && !time.isAfter(now.plus(Duration.ofDays(1)));
    }

    static String at(Instant time) {
        return time == null ? "(time unknown)" : SHORT.format(time);
    }

    /** "3 h 12 min", "2 days 4 h", "45 min". */
    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long days = minutes / 1440;
        long hours = minutes % 1440 / 60;
        long min = minutes % 60;
        if (days > 0) {
            return days + (days == 1 ? " day" : " days") + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (min > 0 ? " " + min + " min" : "");
        }
        return min + " min";
    }

    /** "yesterday", "3 days ago", "5 h ago" relative to the host's now. */
    String ago(Instant time) {
        if (time == null) {
            return "";
        }
        Duration d = Duration.between(time, now);
        if (d.isNegative()) {
            return "after the newest log entry";
        }
        long days = d.toDays();
        if (days == 1) {
            return "yesterday";
        }
        return days > 1 ? days + " days ago" : span(d) + " ago";
    }
}
