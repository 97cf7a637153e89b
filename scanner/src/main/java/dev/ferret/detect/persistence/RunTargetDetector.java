package dev.ferret.detect.persistence;

import dev.ferret.data.WeightedPattern;
import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.os.linux.HostFileRead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a persistence entry runs, one level down: the script or binary a cron line, unit, init script, profile
 * line or supervisord program executes by path. The target is judged by what other detectors already said about
 * it (YARA, IOCs, hidden executables: the sweep also reads persistence targets) and, for a script, by the same
 * command patterns as the entry itself. The entry then carries the target's severity: a cron line that runs a
 * critical dropper is critical. It shares the target's path, so {@code ChainLinker} puts both in one chain.
 */
public final class RunTargetDetector implements Detector {
    public static final String ID = "linux.persistence.runs-flagged-target";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        int floor = rule.thresholdInt("min-target-score");
        List<Finding> findings = new ArrayList<>();
        for (PersistenceEntry e : snapshot.persistence()) {
            if (e.kind().equals(Hints.SSH_KEY) || e.kind().equals(Hints.PRELOAD)) {
                continue;
            }
            for (String target : SuspiciousPathDetector.executed(e)) {
                Finding.Builder f = Finding.builder(ID, rule.title()).category("persistence")
                        .technique(Hints.technique(rule, e.kind())).persistence(e);
                int best = judgeByFindings(f, e, target, context);
                best = Math.max(best, judgeScript(f, e, target, snapshot, context, rule));
                if (best < floor) {
                    continue;
                }
                FileRef file = Hints.file(snapshot, context, target);
                f.file(file).score(best);
                Responses.preserve(f, e.path());
                Responses.remove(f, e, EntryLines.wholeFile(e));
                Responses.quarantine(f, snapshot, target);
                Responses.stopProcesses(f);
                findings.add(f.build());
            }
        }
        return findings;
    }

    /** The strongest earlier verdict on the target itself (not on this entry). */
    private static int judgeByFindings(Finding.Builder f, PersistenceEntry e, String target, DetectorContext context) {
        Finding strongest = null;
        for (Finding earlier : context.earlier()) {
            if (earlier.file() == null || !target.equals(earlier.file().path())
                    || Objects.equals(earlier.persistence(), e)) {
                continue;
            }
            if (strongest == null || earlier.score() > strongest.score()) {
                strongest = earlier;
            }
        }
        if (strongest == null) {
            return 0;
        }
        f.reason(Hints.label(e) + " runs " + target + ", itself reported: " + strongest.ruleName()
                + " (" + strongest.severity().name().toLowerCase(java.util.Locale.ROOT) + ")", strongest.score());
        return strongest.score();
    }

    /** A script target read (bounded, non-blocking, no-follow) and matched line by line with the entry patterns. */
    private static int judgeScript(Finding.Builder f, PersistenceEntry e, String target, Snapshot snapshot,
                                   DetectorContext context, Rule rule) {
        HostFileRead.Content content;
        try {
            content = HostFileRead.read(snapshot.hostPath(target), (long) rule.threshold("max-target-bytes"),
                    (long) rule.threshold("read-budget-millis"));
        } catch (IOException | RuntimeException ex) {
            return 0; // gone, a link, a FIFO, denied: nothing to judge, and the entry's own detectors still run
        }
        if (content.cut()) {
            snapshot.coverage().gap("persistence", "run target read only in part", target);
        }
        byte[] bytes = content.bytes();
        for (byte b : bytes) {
            if (b == 0) {
                return 0; // a binary: judged by YARA and the file detectors, not by shell patterns
            }
        }
        int best = 0;
        int lines = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (++lines > rule.thresholdInt("max-target-lines")) {
                snapshot.coverage().gap("persistence", "run target has more lines than are judged", target);
                break;
            }
            for (WeightedPattern p : context.data().persistenceCommands().matching(line)) {
                if (CommandPatternDetector.ruleOf(p) == CommandPatternDetector.Rule.SUSPICIOUS) {
                    continue;
                }
                f.reason(Hints.label(e) + " runs " + target + ", which runs " + Hints.quote(p.excerpt(line)) + ": "
                        + CommandPatternDetector.describe(p), p.score());
                best = Math.max(best, p.score());
            }
        }
        return best;
    }
}
