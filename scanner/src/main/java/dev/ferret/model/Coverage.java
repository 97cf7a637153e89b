package dev.ferret.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scan looked at and what it could not: counters per area, and gaps (something not examined,
 * with the reason and a few examples). Thread-safe: collectors may run in parallel.
 * A responder must know what was not looked at, so every skip goes through here.
 */
public final class Coverage {
    private static final int EXAMPLES_PER_GAP = 5;

    private final Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    private final Map<String, Gap> gaps = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** Where the detection content came from: bundle hash and signing key ("rules.key_id" ...). */
    private final Map<String, String> provenance = new LinkedHashMap<>();

    /** Something not examined, aggregated by area and reason. */
    public static final class Gap {
        private final String area;
        private final String reason;
        private long count;
        private final List<String> examples = new ArrayList<>();

        Gap(String area, String reason) {
            this.area = area;
            this.reason = reason;
        }

        public String area() {
            return area;
        }

        public String reason() {
            return reason;
        }

        public synchronized long count() {
            return count;
        }

        public synchronized List<String> examples() {
            return List.copyOf(examples);
        }

        synchronized void add(String example) {
            count++;
            if (example != null && examples.size() < EXAMPLES_PER_GAP) {
                examples.add(example);
            }
        }
    }

    public synchronized void add(String area, String counter, long amount) {
        counters.computeIfAbsent(area, a -> new LinkedHashMap<>()).merge(counter, amount, Long::sum);
    }

    public void count(String area, String counter) {
        add(area, counter, 1);
    }

    /** Records that {@code subject} in {@code area} was not (fully) examined, and why. */
    public void gap(String area, String reason, String subject) {
        Gap gap;
        synchronized (this) {
            gap = gaps.computeIfAbsent(area + "\u0000" + reason, k -> new Gap(area, reason));
        }
        gap.add(subject);
    }

    /** A free-text remark that belongs in the coverage record (e.g. "YARA unavailable: ..."). */
    public synchronized void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
        }
    }

    public synchronized Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        counters.forEach((area, c) -> copy.put(area, Map.copyOf(new LinkedHashMap<>(c))));
        return copy;
    }

    public synchronized long counter(String area, String counter) {
        return counters.getOrDefault(area, Map.of()).getOrDefault(counter, 0L);
    }

    public synchronized List<Gap> gaps() {
        return List.copyOf(gaps.values());
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** True when some gap in {@code area} has exactly this reason. */
    public synchronized boolean hasGap(String area, String reason) {
        return gaps.containsKey(area + "\u0000" + reason);
    }

    /** Records where content came from; a second value for the same key is appended after a comma. */
    public synchronized void provenance(String key, String value) {
        provenance.merge(key, value, (a, b) -> a + "," + b);
    }

    public synchronized Map<String, String> provenance() {
        return Map.copyOf(provenance);
    }
}
