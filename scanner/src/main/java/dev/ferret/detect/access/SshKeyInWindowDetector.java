package dev.ferret.detect.access;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.model.Snapshot;
import dev.ferret.model.Severity;
import dev.ferret.model.access.EventTimes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code linux.access.ssh-key-in-compromise-window}: an authorized_keys change that, on its own, is only worth a
 * review (medium) becomes high when it falls in the same hours as the compromise the other findings describe —
 * a dropped miner's file time, a planted cron line, a replaced binary. The key is how the intruder comes back.
 * A pivot: it reads the other detectors' findings.
 */
public final class SshKeyInWindowDetector implements Detector {
    static final String ID = "linux.access.ssh-key-in-compromise-window";

    private record Moment(Instant time, String what) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        Duration window = Duration.ofHours(rule.thresholdInt("hours"));
        List<Finding> out = new ArrayList<>();
        for (Finding key : context.earlier()) {
            if (!key.ruleId().equals(SshTrustDetector.ADDED_ID) || key.file() == null || key.file().mtime() == null
                    || key.severity().compareTo(Severity.HIGH) >= 0) {
                continue; // already high on its own (a login right before it): nothing to add
            }
            Instant changed = key.file().mtime();
            Optional<Moment> nearest = moments(snapshot, context.earlier()).stream()
                    .filter(m -> Duration.between(m.time(), changed).abs().compareTo(window) <= 0)
                    .min(Comparator.comparing(m -> Duration.between(m.time(), changed).abs()));
            nearest.ifPresent(m -> out.add(Finding.builder(ID, rule.title())
                    .category("persistence").technique(rule.technique("ssh-keys"))
                    .file(key.file()).persistence(newestKey(snapshot, key.file().path()).orElse(null))
                    .reason(key.file().path() + " changed at " + AccessContext.at(changed) + ", "
                            + hours(Duration.between(m.time(), changed).abs()) + " from " + m.what() + " at "
                            + AccessContext.at(m.time()), rule.weight("in-window"))
                    .respond("remove the keys added at " + AccessContext.at(changed) + " after keeping a copy of "
                            + key.file().path() + ": the intruder's way back in")
                    .build()));
        }
        return out;
    }

    /**
     * The file's last key, as the persistence sweep saw it (its line and text): a file's time says only that some
     * key changed, and keys are appended. A response then removes that line and keeps the owner's other keys.
     */
    private static Optional<PersistenceEntry> newestKey(Snapshot snapshot, String path) {
        return snapshot.persistence().stream()
                .filter(e -> e.kind().equals(PersistenceKind.SSH_KEY.id()) && e.path().equals(path) && e.line() > 0)
                .max(Comparator.comparingInt(PersistenceEntry::line));
    }

    /** When the other findings say something happened: their event times and their files' and entries' times. */
    private static List<Moment> moments(Snapshot snapshot, List<Finding> earlier) {
        List<Moment> out = new ArrayList<>();
        for (Finding f : earlier) {
            if (f.ruleId().startsWith("linux.access.") || f.severity().compareTo(Severity.MEDIUM) < 0) {
                continue; // other evidence only: not the key itself, not what clusters around it
            }
            for (EventTimes.Timed t : EventTimes.of(f)) {
                out.add(new Moment(t.time(), f.ruleName()));
            }
            if (f.persistence() != null && f.persistence().mtime() != null) {
                out.add(new Moment(f.persistence().mtime(), f.ruleName() + " (" + f.persistence().path() + ")"));
            }
            if (f.file() != null && f.file().mtime() != null) {
                out.add(new Moment(f.file().mtime(), f.ruleName() + " (" + f.file().path() + ")"));
            }
            if (f.process() != null) {
                snapshot.process(f.process().pid()).map(p -> p.startTime()).ifPresent(t ->
                        out.add(new Moment(t, f.ruleName() + " (process " + f.process().pid() + " started)")));
            }
        }
        return out;
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h";
    }
}
