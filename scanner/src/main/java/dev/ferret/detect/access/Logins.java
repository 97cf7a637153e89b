package dev.ferret.detect.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.Addresses;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.LoginEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The login picture of a host, merged from every channel: failed logins per source (the largest count any one log
 * holds — the same failure is in btmp, auth.log and the journal, so counts are compared, never added), successful
 * logins once each (wtmp and the log line of the same login within seconds are one login), and the judgements the
 * access detectors share: which logins followed a brute force from the same source, which came from a new address.
 */
final class Logins {
    private static final long SAME_LOGIN_SECONDS = 5;
    private static final String OTHER = "(other sources)";

    /** A successful login from a source that failed many times before it. */
    record Breach(String source, FailureSummary failures, LoginEvent login) {
    }

    private final Map<String, FailureSummary> failures = new LinkedHashMap<>();
    private final List<LoginEvent> successes;

    Logins(AccessFacts facts) {
        for (FailureSummary f : facts.failures()) {
            if (f.source().isEmpty() || f.source().equals(OTHER)) {
                continue;
            }
            failures.merge(f.source(), f, (a, b) -> b.count() > a.count() ? b : a);
        }
        List<LoginEvent> all = new ArrayList<>(facts.logins().stream().filter(e -> e.time() != null).toList());
        // richer channels first so the kept copy of a login has method and key (log lines) over wtmp's bare record
        all.sort(Comparator.comparing(LoginEvent::time).thenComparing(e -> e.method() == null ? 1 : 0));
        List<LoginEvent> kept = new ArrayList<>();
        Map<String, Instant> lastKept = new HashMap<>();
        for (LoginEvent e : all) {
            String key = e.user() + "\u0000" + (e.source() == null ? "" : e.source());
            Instant prev = lastKept.get(key);
            if (prev != null && Duration.between(prev, e.time()).getSeconds() <= SAME_LOGIN_SECONDS) {
                continue;
            }
            lastKept.put(key, e.time());
            kept.add(e);
        }
        this.successes = kept;
    }

    /** Failures per source (the largest channel's summary), largest first. */
    List<FailureSummary> failures() {
        List<FailureSummary> out = new ArrayList<>(failures.values());
        out.sort(Comparator.comparingLong(FailureSummary::count).reversed());
        return out;
    }

    Optional<FailureSummary> failures(String source) {
        return Optional.ofNullable(failures.get(source));
    }

    /** Successful logins, one per login, oldest first. */
    List<LoginEvent> successes() {
        return successes;
    }

    List<LoginEvent> remoteSuccesses() {
        return successes.stream().filter(LoginEvent::remote).toList();
    }

    /** For each source with at least {@code minFailures} failures, its first successful login after the first failure. */
    List<Breach> breaches(long minFailures) {
        List<Breach> out = new ArrayList<>();
        for (FailureSummary f : failures()) {
            if (f.count() < minFailures || f.first() == null) {
                continue;
            }
            successes.stream().filter(e -> f.source().equals(e.source()) && !e.time().isBefore(f.first()))
                    .findFirst().ifPresent(e -> out.add(new Breach(f.source(), f, e)));
        }
        out.sort(Comparator.comparing(b -> b.login().time()));
        return out;
    }

    /**
     * The first login from each remote source never seen before it, among logins no earlier than
     * {@code history} after the oldest retained login (before that, every address looks new).
     */
    List<LoginEvent> firstFromNewSources(Duration history) {
        List<LoginEvent> remote = remoteSuccesses();
        if (remote.isEmpty()) {
            return List.of();
        }
        Instant baseline = successes.get(0).time().plus(history);
        Set<String> seen = new HashSet<>();
        List<LoginEvent> out = new ArrayList<>();
        for (LoginEvent e : remote) {
            if (seen.add(e.source()) && !e.time().isBefore(baseline)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Sources other than {@code except} with at least {@code min} failures overlapping [from, to]. */
    List<FailureSummary> campaigns(String except, long min, Instant from, Instant to) {
        return failures().stream().filter(f -> !f.source().equals(except) && f.count() >= min && f.first() != null
                && f.last() != null && !f.last().isBefore(from) && !f.first().isAfter(to)).toList();
    }

    static String describe(LoginEvent e) {
        StringBuilder b = new StringBuilder(e.user()).append(" logged in");
        if (e.remote()) {
            b.append(" from ").append(e.source());
        }
        if (e.method() != null) {
            b.append(" with ").append(e.method());
        }
        if (e.fingerprint() != null) {
            b.append(" (key ").append(e.fingerprint()).append(')');
        }
        if (e.terminal() != null && !e.terminal().isEmpty()) {
            b.append(" on ").append(e.terminal());
        }
        b.append(" at ").append(AccessContext.at(e.time())).append(" [").append(e.origin()).append(']');
        return b.toString();
    }

    static String users(FailureSummary f) {
        String sample = String.join(", ", f.users());
        return f.userCount() > f.users().size() ? sample + " and " + (f.userCount() - f.users().size()) + " more"
                : sample;
    }

    static boolean isPrivate(String source) {
        return Addresses.privateAddress(source) || Addresses.loopback(source);
    }
}
