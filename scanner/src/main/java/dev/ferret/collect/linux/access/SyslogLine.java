package dev.ferret.collect.linux.access;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a syslog line as rsyslog and syslog-ng write it to files: the traditional
 * {@code "Mar  9 08:12:44 host prog[pid]: message"} (local time, no year) or the RFC 3339 form
 * {@code "2024-03-09T08:12:44.123456+01:00 host prog[pid]: message"} (Debian 12's default).
 * Traditional stamps carry month, day and second of day; the year is supplied later ({@link YearTracker}).
 */
final class SyslogLine {
    private static final Pattern BSD = Pattern.compile(
            "^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)? (\\S+) (.*)$");
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}:?\\d{2})? (\\S+) (.*)$");
    private static final Pattern TAG = Pattern.compile("^([^\\s\\[:]{1,64})(?:\\[(\\d{1,10})\\])?:\\s?(.*)$");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Set for RFC 3339 lines. */
    final Instant instant;
    /** 1-12, day of month and second of day for traditional lines. */
    final int month;
    final int day;
    final int second;
    final String host;
    final String program;
    final int pid;
    final String message;

    private SyslogLine(Instant instant, int month, int day, int second, String host, String rest) {
        this.instant = instant;
        this.month = month;
        this.day = day;
        this.second = second;
        this.host = host;
        Matcher t = TAG.matcher(rest);
        if (t.matches()) {
            this.program = t.group(1);
            this.pid = t.group(2) == null ? -1 : parsePid(t.group(2));
            this.message = t.group(3);
        } else {
            this.program = "";
            this.pid = -1;
            this.message = rest;
        }
    }

    boolean yearless() {
        return instant == null;
    }

    /** The parsed header, or null when the line is not a syslog line. */
    static SyslogLine parse(String text, ZoneId zone) {
        if (text.length() < 16) {
            return null;
        }
        char c = text.charAt(0);
        if (c >= '0' && c <= '9') {
            Matcher m = ISO.matcher(text);
            if (!m.matches()) {
                return null;
            }
            try {
                String stamp = m.group(1) + "T" + m.group(2);
                Instant at;
                if (m.group(3) == null) {
                    at = LocalDateTime.parse(stamp).atZone(zone).toInstant();
                } else {
                    String off = m.group(3);
                    if (off.length() == 5) {
                        off = off.substring(0, 3) + ":" + off.substring(3);
                    }
                    at = OffsetDateTime.parse(stamp + off).toInstant();
                }
                return new SyslogLine(at, 0, 0, 0, m.group(4), m.group(5));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = BSD.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(1)) / 3 + 1;
        int day = Integer.parseInt(m.group(2));
        int h = Integer.parseInt(m.group(3));
        int min = Integer.parseInt(m.group(4));
        int s = Integer.parseInt(m.group(5));
        if (day < 1 || day > 31 || h > 23 || min > 59 || s > 60) {
            return null;
        }
        return new SyslogLine(null, month, day, h * 3600 + min * 60 + Math.min(s, 59), m.group(6), m.group(7));
    }

    private static int parsePid(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
