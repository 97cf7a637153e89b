package dev.ferret.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Combines the weights of a finding's reasons into one 0–100 score with diminishing returns:
 * the strongest reason counts fully, each further one closes a shrinking share of the remaining gap.
 * Ten weak hints of 10 stay near 20, so weak hints never add up to an alert on their own.
 */
public final class Score {
    private Score() {
    }

    public static int combine(List<Integer> weights) {
        List<Integer> sorted = new ArrayList<>(weights);
        sorted.sort(Comparator.reverseOrder());
        double acc = 0;
        double damping = 1.0;
        for (int w : sorted) {
            double clamped = Math.max(0, Math.min(100, w));
            acc += (100 - acc) * (clamped / 100.0) * damping;
            damping /= 2;
        }
        return (int) Math.round(Math.min(100, acc));
    }
}
