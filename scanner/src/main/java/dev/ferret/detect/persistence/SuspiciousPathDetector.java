package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.collect.linux.persistence.SupervisordCollector;
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
 * Persistence entries that run or refer to files in temp or hidden places (/tmp, /var/tmp, /dev/shm, dot-named
 * directories such as /root/.bashtemp or /etc/.sh; the patterns of {@code detect/suspicious-paths.txt}) or to file
 * names listed as IOCs. A path the entry executes (the program, or the script given to a shell or interpreter)
 * counts fully and adds {@code persistence.path.executed.weight}; one it merely mentions (cleans up, logs to)
 * counts for {@code persistence.path.mention.factor} of its weight, since cron jobs and package init scripts
 * routinely touch /tmp (file-name IOCs count fully either way); an entry held in a hidden
 * file (/etc/cron.d/.x) counts too. Package-shipped systemd units weigh less (see {@link Hints}). One finding
 * per line. Supervisord programs, preload entries and authorized keys are judged by their own detectors, and so
 * are the lines of a copy-run-delete sequence and the configuration a {@code supervisord -c} line starts (one
 * finding per idea and line, not two).
 */
public final class SuspiciousPathDetector implements Detector {
    static final String ID = "linux.persistence.suspicious-path";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        List<Finding> findings = new ArrayList<>();
        int executedWeight = context.data().thresholds().integer("persistence.path.executed.weight");
        double mention = context.data().thresholds().number("persistence.path.mention.factor");
        for (PersistenceEntry e : snapshot.persistence()) {
            if (e.kind().equals(Hints.SSH_KEY) || e.kind().equals(Hints.PRELOAD) || e.kind().equals(Hints.SUPERVISORD)) {
                continue;
            }
            double factor = Hints.factor(e, context.data().thresholds());
            boolean wholeFile = EntryLines.wholeFile(e);
            List<Reason> holder = Hints.pathReasons(e.path(), context, factor).stream()
                    .map(r -> new Reason("the entry lives in " + r.text(), r.weight())).toList();
            boolean reported = false;
            // lines of a copy-run-delete sequence and supervisord launches have their own findings
            Set<Integer> covered = new java.util.HashSet<>();
            CopyRunDeleteDetector.matches(e).forEach(m -> covered.addAll(m.lines()));
            for (EntryLines.Line line : EntryLines.of(e)) {
                if (covered.contains(line.number())) {
                    continue;
                }
                PersistenceEntry entry = line.entry();
                Set<String> executed = executed(entry);
                Set<String> launched = new java.util.HashSet<>();
                java.util.regex.Matcher launch = SupervisordCollector.LAUNCH.matcher(line.text());
                while (launch.find()) {
                    launched.add(launch.group(1));
                }
                Finding.Builder f = Finding.builder(ID, "Persistence entry runs or refers to a file in a temp or "
                        + "hidden path").category("persistence", "file").technique(Hints.technique(rule, e.kind()));
                String main = null;
                for (String ref : entry.references()) {
                    boolean runs = executed.contains(ref);
                    List<Reason> reasons = launched.contains(ref) ? List.of()
                            : Hints.pathReasons(ref, context, factor * (runs ? 1.0 : mention));
                    if (reasons.isEmpty()) {
                        continue;
                    }
                    if (Hints.concrete(snapshot, ref)) {
                        main = main == null || (runs && !executed.contains(main)) ? ref : main;
                    }
                    for (Reason r : reasons) {
                        f.reason(Hints.label(entry) + (runs ? " runs " : " refers to ") + r.text(), r.weight());
                    }
                    if (runs) {
                        f.reason(ref + " is executed by the entry, not just mentioned",
                                Hints.scaled(executedWeight, factor));
                    }
                }
                if (!f.hasReasons() && (holder.isEmpty() || reported)) {
                    continue;
                }
                holder.forEach(r -> f.reason(r.text(), r.weight()));
                reported = true;
                if (main != null && main.contains("/.")) {
                    f.technique(rule.technique("hidden-files"));
                }
                f.persistence(entry);
                Hints.addRecent(f, e, context);
                if (main != null) {
                    f.file(Hints.file(snapshot, context, main));
                }
                Responses.preserve(f, e.path());
                Responses.remove(f, entry, wholeFile);
                if (main != null) {
                    Responses.quarantine(f, snapshot, main);
                }
                Responses.stopProcesses(f);
                findings.add(f.build());
            }
        }
        return findings;
    }

    /** Absolute paths a line executes: programs and scripts handed to shells, following "cd DIR". */
    static Set<String> executed(PersistenceEntry entry) {
        Set<String> out = new LinkedHashSet<>();
        String cwd = null;
        for (ShellCommands.Command c : ShellCommands.parse(entry.command(), entry.line())) {
            if (c.name().equals("cd") && c.words().size() > 1) {
                cwd = ShellCommands.resolve(c.words().get(1), cwd);
                continue;
            }
            for (String w : ShellCommands.executed(c)) {
                String p = ShellCommands.resolve(w, cwd);
                if (p != null && p.startsWith("/")) {
                    out.add(p);
                }
            }
        }
        // rc links and other non-shell entries: the single reference is what runs
        if (entry.kind().equals(Hints.INIT) && entry.line() == 0 && entry.references().size() == 1) {
            out.add(entry.references().get(0));
        }
        return out;
    }
}
