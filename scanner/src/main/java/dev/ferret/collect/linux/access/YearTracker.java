package dev.ferret.collect.linux.access;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Gives year-less syslog stamps their year. A log is written in time order, so a stamp that falls more than half a
 * year behind its predecessor started a new year (Dec 31 → Jan 1); smaller steps back (lines written out of order,
 * a clock step) do not. The last year is known from the file's modification time — the last line was written just
 * before it, a day's slack allowed — so a first pass counts the rollovers and the second assigns
 * {@code finalYear - rolloversStillAhead} to each line.
 */
final class YearTracker {
    private static final long HALF_YEAR = 183L * 86_400;

    private int year;
    private long previous = Long.MIN_VALUE;
    private int rollovers;
    private int lastMonth;
    private int lastDay;
    private int lastSecond;

    YearTracker(int startYear) {
        this.year = startYear;
    }

    private static long key(int month, int day, int second) {
        return ((month - 1) * 31L + (day - 1)) * 86_400 + second;
    }

    /** The year of the next stamp, in file order. */
    int year(int month, int day, int second) {
        long k = key(month, day, second);
        if (previous != Long.MIN_VALUE && k < previous - HALF_YEAR) {
            year++;
            rollovers++;
        }
        previous = k;
        lastMonth = month;
        lastDay = day;
        lastSecond = second;
        return year;
    }

    int rollovers() {
        return rollovers;
    }

    boolean seen() {
        return previous != Long.MIN_VALUE;
    }

    /**
     * The year of the last stamp seen, given the file's modification time: the mtime's year, or the year before when
     * the last stamp's date lies more than a day after the mtime's date (December lines in a file last written in
     * January).
     */
    int finalYear(Instant mtime, ZoneId zone) {
        ZonedDateTime m = mtime.atZone(zone);
        long mk = key(m.getMonthValue(), m.getDayOfMonth(), m.toLocalTime().toSecondOfDay());
        long lk = key(lastMonth, lastDay, lastSecond);
        return lk > mk + 86_400 ? m.getYear() - 1 : m.getYear();
    }

    /** The instant of a stamp in a given year and zone, null when the date does not exist (Feb 29 of 2023). */
    static Instant instant(int year, int month, int day, int second, ZoneId zone) {
        try {
            return LocalDateTime.of(year, month, day, second / 3600, second / 60 % 60, second % 60).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
