package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.BootRecord;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.LogActivity;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.Silence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code linux.access.log-gap} (T1070.002): a silence in a log that is otherwise busy — it spans at least
 * {@code access.loggap.min.span.hours} and has entries in at least {@code access.loggap.busy.share} of its hours — of
 * at least {@code access.loggap.min.hours} and {@code access.loggap.factor} times its usual longest spacing (99th
 * percentile). High when the host was up through it: no boot or shutdown recorded inside, and boot records, other
 * logs or logins show it running across; medium when nothing tells; nothing when it rebooted inside (a downtime).
 * A log that falls silent well before the other logs (or the scan, live) is judged the same way.
 */
public final class LogGapDetector implements Detector {
    static final String ID = "linux.access.log-gap";
    private static final int PER_LOG = 3;
    private static final Duration EDGE = Duration.ofMinutes(1);

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<LogActivity> logs = a.facts.activity();
        List<BootRecord> boots = a.facts.boots().stream().sorted(Comparator.comparing(BootRecord::time)).toList();
        List<Finding> out = new ArrayList<>();
        Duration minGap = Duration.ofHours(a.rule(ID).thresholdInt("min-hours"));
        Duration minSpan = Duration.ofHours(a.rule(ID).thresholdInt("min-span-hours"));
        double factor = a.rule(ID).threshold("factor");
        double busyShare = a.rule(ID).threshold("busy-share");
        for (LogActivity log : logs) {
            Duration span = Duration.between(log.first(), log.last());
            if (span.compareTo(minSpan) < 0) {
                continue;
            }
            List<Silence> candidates = new ArrayList<>(log.longest());
            // a log that stops well before the others (or before the scan, live) ends in a silence too
            Instant end = snapshot.live() ? a.now : logs.stream().filter(l -> l != log).map(LogActivity::last)
                    .max(Comparator.naturalOrder()).orElse(null);
            if (end != null && end.isAfter(log.last())) {
                candidates.add(new Silence(log.last(), end));
            }
            candidates.sort(Comparator.comparing(Silence::length).reversed());
            int reported = 0;
            for (Silence s : candidates) {
                Duration gap = s.length();
                if (reported >= PER_LOG || gap.compareTo(minGap) < 0) {
                    break;
                }
                if (gap.getSeconds() < factor * Math.max(1, log.p99Interval().getSeconds())) {
                    continue;
                }
                boolean trailing = s.from().equals(log.last());
                double hours = Math.max(1, (span.getSeconds() - (trailing ? 0 : gap.getSeconds())) / 3600.0);
                double share = Math.min(1.0, log.activeHours() / hours);
                if (share < busyShare) {
                    continue;
                }
                Optional<Finding> f = judge(a, snapshot, log, s, trailing, share, boots, logs);
                if (f.isPresent()) {
                    out.add(f.get());
                    reported++;
                }
            }
        }
        return out;
    }

    private static Optional<Finding> judge(AccessContext a, Snapshot snapshot, LogActivity log, Silence s,
                                           boolean trailing, double share, List<BootRecord> boots,
                                           List<LogActivity> logs) {
        List<BootRecord> inside = boots.stream().filter(b -> b.time().isAfter(s.from().plus(EDGE))
                && !b.time().isAfter(s.to().plus(Duration.ofMinutes(a.rule(ID).thresholdInt("boot-after-minutes"))))).toList();
        if (!inside.isEmpty()) {
            return Optional.empty(); // the host went down or rebooted: a silence is expected
        }
        List<String> up = new ArrayList<>();
        if (snapshot.live() && snapshot.host() != null && snapshot.host().bootTime() != null
                && !snapshot.host().bootTime().isAfter(s.from())) {
            up.add("the host has been up since " + AccessContext.at(snapshot.host().bootTime()) + " (uptime)");
        }
        boots.stream().filter(b -> !b.shutdown() && !b.time().isAfter(s.from())).reduce((x, y) -> y).ifPresent(b ->
                up.add("no boot or shutdown is recorded between the last boot (" + AccessContext.at(b.time()) + ", "
                        + b.source() + ") and the end of the silence"));
        for (LogActivity other : logs) {
            if (other == log || other.first().isAfter(s.from()) || other.last().isBefore(s.to())) {
                continue;
            }
            boolean covered = other.longest().stream().anyMatch(o -> !o.from().isAfter(s.from().plus(EDGE))
                    && !o.to().isBefore(s.to().minus(EDGE)));
            if (!covered) {
                up.add("the " + other.family() + " log (" + String.join(", ", other.files()) + ") has entries during it");
            }
        }
        List<LoginEvent> during = a.facts.logins().stream().filter(e -> e.time() != null
                && e.time().isAfter(s.from()) && e.time().isBefore(s.to())).toList();
        if (!during.isEmpty()) {
            up.add(during.size() + " login(s) are recorded elsewhere during it, e.g. " + Logins.describe(during.get(0)));
        }
        String file = log.files().isEmpty() ? log.family() : log.files().get(0);
        String what = trailing ? "stops " + AccessContext.span(s.length()) + " before the other logs"
                + (snapshot.live() ? " and the scan" : "") : "has no entry for " + AccessContext.span(s.length());
        Finding.Builder f = Finding.builder(ID, "Gap in the " + log.family() + " log: " + AccessContext.span(s.length())
                        + " without entries")
                .category("defense-evasion").technique(a.rule(ID).technique("clear-linux-logs"))
                .file(file.startsWith("/") ? new FileRef(file, null, null, null, null) : null)
                .reason("the " + log.family() + " log (" + String.join(", ", log.files()) + ") " + what + ": from "
                        + AccessContext.at(s.from()) + " to " + AccessContext.at(s.to()),
                        up.isEmpty() ? a.rule(ID).weight("host-unknown") : a.rule(ID).weight("host-up"))
                .reason("otherwise the log is busy: " + log.entries() + " entries from " + AccessContext.at(log.first())
                        + " to " + AccessContext.at(log.last()) + ", entries in " + Math.round(share * 100)
                        + "% of its hours, 99% of entries less than " + AccessContext.span(log.p99Interval().plusSeconds(59))
                        + " apart", 0);
        if (up.isEmpty()) {
            f.reason("whether the host was up then is unknown (no boot records cover it)", 0);
        } else {
            up.forEach(u -> f.reason("the host was up: " + u, 0));
        }
        EventTimes.add(f, s.from(), "last " + log.family() + " log entry before the silence");
        if (!trailing) {
            EventTimes.add(f, s.to(), "first " + log.family() + " log entry after the silence");
        }
        f.respond("preserve the logs as they are (copy /var/log with times) before anything rotates them");
        f.respond("look for what happened between " + AccessContext.at(s.from()) + " and " + AccessContext.at(s.to())
                + " in sources the attacker may have missed: the journal, wtmp/btmp, remote syslog, the file timeline");
        return Optional.of(f.build());
    }
}
