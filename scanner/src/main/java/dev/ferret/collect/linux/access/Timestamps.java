package dev.ferret.collect.linux.access;

import dev.ferret.model.access.LogActivity;
import dev.ferret.model.access.Silence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry times of one log (epoch seconds, any order), kept up to a cap, and their summary: busy hours, the
 * usual spacing of entries and the longest silences.
 */
final class Timestamps {
    private static final int SILENCES_KEPT = 5;

    private long[] values = new long[1024];
    private int size;
    private final int cap;
    private boolean full;

    Timestamps(int cap) {
        this.cap = cap;
    }

    /** Adds one entry time; false when the cap is reached (the caller reads newest files first). */
    boolean add(Instant time) {
        if (size >= cap) {
            full = true;
            return false;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.min(cap, values.length * 2));
        }
        values[size++] = time.getEpochSecond();
        return true;
    }

    boolean full() {
        return full;
    }

    int size() {
        return size;
    }

    /** The summary, or null with fewer than two entries. */
    LogActivity summary(String family, List<String> files) {
        if (size < 2) {
            return null;
        }
        long[] t = Arrays.copyOf(values, size);
        Arrays.sort(t);
        long[] gaps = new long[size - 1];
        long hours = 1;
        for (int i = 1; i < size; i++) {
            gaps[i - 1] = t[i] - t[i - 1];
            if (Math.floorDiv(t[i], 3600) != Math.floorDiv(t[i - 1], 3600)) {
                hours++;
            }
        }
        // the longest silences: indexes of the largest gaps
        List<Silence> longest = new ArrayList<>();
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        long p99 = sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * 0.99))];
        long floor = sorted[Math.max(0, sorted.length - SILENCES_KEPT)];
        List<int[]> candidates = new ArrayList<>();
        for (int i = 0; i < gaps.length; i++) {
            if (gaps[i] >= floor && gaps[i] > 0) {
                candidates.add(new int[] {i});
            }
        }
        candidates.sort((a, b) -> Long.compare(gaps[b[0]], gaps[a[0]]));
        for (int k = 0; k < Math.min(SILENCES_KEPT, candidates.size()); k++) {
            int i = candidates.get(k)[0];
            longest.add(new Silence(Instant.ofEpochSecond(t[i]), Instant.ofEpochSecond(t[i + 1])));
        }
        return new LogActivity(family, files, size, Instant.ofEpochSecond(t[0]), Instant.ofEpochSecond(t[size - 1]),
                hours, Duration.ofSeconds(p99), longest);
    }
}
