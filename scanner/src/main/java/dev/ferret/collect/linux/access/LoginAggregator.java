package dev.ferret.collect.linux.access;

import dev.ferret.model.access.FailureSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failed logins of one channel, summed per source as they stream past: a brute force of millions of lines costs one
 * entry per attacking address. Sources beyond the cap are summed under "(other sources)".
 */
final class LoginAggregator {
    static final int MAX_SOURCES = 100_000;
    static final String OTHER = "(other sources)";
    private static final int MAX_USERS_COUNTED = 10_000;

    private static final class Stats {
        long count;
        Instant first;
        Instant last;
        final Set<String> users = new LinkedHashSet<>();
        int userCount;
        String origin;
    }

    private final String channel;
    private final Map<String, Stats> bySource = new HashMap<>();

    LoginAggregator(String channel) {
        this.channel = channel;
    }

    void failure(String source, String user, Instant time, long times, String origin) {
        String key = source == null ? "" : source;
        Stats s = bySource.get(key);
        if (s == null) {
            if (bySource.size() >= MAX_SOURCES) {
                key = OTHER;
                s = bySource.computeIfAbsent(key, k -> new Stats());
            } else {
                s = new Stats();
                bySource.put(key, s);
            }
        }
        s.count += times;
        if (time != null) {
            if (s.first == null || time.isBefore(s.first)) {
                s.first = time;
                s.origin = origin;
            }
            if (s.last == null || time.isAfter(s.last)) {
                s.last = time;
            }
        }
        if (s.origin == null) {
            s.origin = origin;
        }
        if (user != null && s.userCount < MAX_USERS_COUNTED) {
            String u = user.length() > 64 ? user.substring(0, 64) : user;
            if (s.users.size() < FailureSummary.MAX_USERS) {
                if (s.users.add(u)) {
                    s.userCount++;
                }
            } else if (!s.users.contains(u)) {
                s.userCount++; // approximate beyond the sample: names already counted may count again
            }
        }
    }

    boolean isEmpty() {
        return bySource.isEmpty();
    }

    List<FailureSummary> summaries() {
        List<FailureSummary> out = new ArrayList<>();
        bySource.forEach((source, s) -> out.add(new FailureSummary(source, channel, s.count, s.first, s.last,
                List.copyOf(s.users), s.userCount, s.origin)));
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }
}
