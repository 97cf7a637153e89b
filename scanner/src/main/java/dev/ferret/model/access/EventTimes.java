package dev.ferret.model.access;

import dev.ferret.model.Finding;
import dev.ferret.model.Reason;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * When the things a finding is about happened, carried in the finding itself as zero-weight reasons
 * ("event time: 2024-03-10T08:12:44Z — first of 312 failed logins from 203.0.113.50"), because {@link Finding} has no
 * time field. The reason reads as evidence in every report and the timeline parses it back. If Finding gains a
 * list of timed events, {@link #reason} and {@link #of} are the two places to change.
 */
public final class EventTimes {
    public static final String PREFIX = "event time: ";
    private static final String SEPARATOR = " \u2014 ";

    private EventTimes() {
    }

    /** A timed event of a finding. */
    public record Timed(Instant time, String what) {
    }

    /** A zero-weight reason stating that {@code what} happened at {@code time}. */
    public static Reason reason(Instant time, String what) {
        return new Reason(PREFIX + time + SEPARATOR + what, 0);
    }

    /** Adds the event to a finding under construction. */
    public static Finding.Builder add(Finding.Builder f, Instant time, String what) {
        if (time != null) {
            Reason r = reason(time, what);
            f.reason(r.text(), r.weight());
        }
        return f;
    }

    /** The timed events a finding carries, in the order written. */
    public static List<Timed> of(Finding finding) {
        List<Timed> out = new ArrayList<>();
        for (Reason r : finding.reasons()) {
            String t = r.text();
            if (!t.startsWith(PREFIX)) {
                continue;
            }
            int sep = t.indexOf(SEPARATOR, PREFIX.length());
            String stamp = sep < 0 ? t.substring(PREFIX.length()) : t.substring(PREFIX.length(), sep);
            try {
                out.add(new Timed(Instant.parse(stamp.strip()), sep < 0 ? "" : t.substring(sep + SEPARATOR.length())));
            } catch (DateTimeParseException e) {
                // not ours: a reason that merely starts with the same words
            }
        }
        return out;
    }
}
