package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * supervisord programs whose command runs from a suspicious place or matches a suspicious-command pattern
 * (THREATS case 1: conf.d/123.conf runs /etc/spts, a binary sitting directly in /etc). Where the program is
 * defined adds weight: a configuration in a hidden directory, or one whose supervisord is started from a login
 * profile or cron. Reported only when the command itself gives a reason; a clean program in a hidden
 * configuration is the {@link SupervisordConfigDetector}'s finding.
 */
public final class SupervisordProgramDetector implements Detector {
    static final String ID = "linux.persistence.supervisord-program";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        List<Finding> findings = new ArrayList<>();
        SupervisordFacts facts = null;
        int executedWeight = context.data().thresholds().integer("persistence.path.executed.weight");
        int launchWeight = context.data().thresholds().integer("persistence.supervisord.launch.weight");
        for (PersistenceEntry e : snapshot.persistence()) {
            if (!e.kind().equals(Hints.SUPERVISORD) || e.line() == 0 || e.command() == null) {
                continue;
            }
            Finding.Builder f = Finding.builder(ID, "supervisord program runs from a suspicious place")
                    .category("persistence", "process").technique(rule.technique("supervisord")).persistence(e);
            for (WeightedPattern p : context.data().persistenceCommands().matching(e.command())) {
                f.reason("program command " + Hints.quote(p.excerpt(e.command())) + ": "
                        + CommandPatternDetector.describe(p), p.score());
            }
            Set<String> executed = SuspiciousPathDetector.executed(e);
            String main = null;
            double mention = context.data().thresholds().number("persistence.path.mention.factor");
            for (String ref : e.references()) {
                List<Reason> reasons = Hints.pathReasons(ref, context, executed.contains(ref) ? 1.0 : mention);
                if (reasons.isEmpty()) {
                    continue;
                }
                if (main == null && Hints.concrete(snapshot, ref)) {
                    main = ref;
                }
                reasons.forEach(r -> f.reason("the program " + (executed.contains(ref) ? "runs " : "uses ")
                        + r.text(), r.weight()));
                if (executed.contains(ref)) {
                    f.reason(ref + " is the program supervisord keeps running", executedWeight);
                }
            }
            if (!f.hasReasons()) {
                continue;
            }
            if (main == null && !executed.isEmpty() && Hints.concrete(snapshot, executed.iterator().next())) {
                main = executed.iterator().next();
            }
            facts = facts == null ? SupervisordFacts.of(snapshot) : facts;
            Set<String> where = new LinkedHashSet<>();
            where.add(e.path());
            List<SupervisordFacts.Config> owners = facts.owners(e.path());
            owners.forEach(c -> where.add(c.path));
            for (String file : where) {
                for (Reason r : Hints.pathReasons(file, context, 1.0)) {
                    f.reason("defined in " + r.text(), r.weight());
                }
            }
            for (SupervisordFacts.Config c : owners) {
                c.launches.stream().filter(SupervisordFacts.Launch::unusual).findFirst().ifPresent(l ->
                        f.reason("its supervisord (" + c.path + ") is started from " + Hints.label(l.line().entry()),
                                launchWeight));
                if (!c.processes.isEmpty()) {
                    f.process(c.processes.get(0));
                    f.reason("supervisord with " + c.path + " is running (pid " + c.processes.get(0).pid() + ")", 0);
                }
            }
            Hints.addRecent(f, e, context);
            if (main != null) {
                f.file(Hints.file(snapshot, context, main));
                Hints.hashIoc(Hints.file(snapshot, context, main), context, rule).ifPresent(r -> f.reason(r.text(), r.weight()));
            }
            Responses.preserve(f, e.path());
            Responses.remove(f, e, false);
            if (main != null) {
                Responses.quarantine(f, snapshot, main);
            }
            for (String ref : e.references()) {
                if (!ref.equals(main) && Hints.suspicious(ref, context)) {
                    Responses.quarantine(f, snapshot, ref);
                }
            }
            findings.add(f.build());
        }
        return findings;
    }
}
