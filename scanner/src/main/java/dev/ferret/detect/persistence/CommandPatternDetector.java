package dev.ferret.detect.persistence;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Persistence commands that match the patterns of {@code detect/persistence-commands.txt}: a cron line, unit
 * Exec line, init/profile script line or supervisord program that downloads and runs code ({@code curl ... | sh}),
 * decodes and runs it ({@code base64 -d | sh}), or opens a reverse shell. One instance per {@link Rule}; each
 * pattern belongs to the rule its comment block in the data file names (a block whose comment mentions
 * "download", "decode" or "reverse shell"); other patterns (bare-IP URLs, programs run from /etc...) support
 * those rules, or report on their own as {@code linux.persistence.suspicious-command} when no specific rule
 * matched the line. One finding per matching line.
 * <p>
 * authorized_keys forced commands, preload entries and supervisord programs have their own detectors
 * ({@link SshKeyDetector}, {@link PreloadDetector}, {@link SupervisordProgramDetector}); the specific rules here
 * still run on supervisord programs (a {@code curl|sh} program is a download-and-execute, wherever it lives).
 */
public final class CommandPatternDetector implements Detector {
    /** The rules this detector family emits. */
    public enum Rule {
        DOWNLOAD_EXEC("linux.persistence.download-exec", "Persistence entry downloads and runs code", "download",
                "ingress-tool-transfer"),
        DECODE_EXEC("linux.persistence.decode-exec", "Persistence entry decodes and runs hidden code", "decode",
                "deobfuscate"),
        REVERSE_SHELL("linux.persistence.reverse-shell", "Persistence entry opens a reverse shell", "reverse shell",
                "unix-shell"),
        SUSPICIOUS("linux.persistence.suspicious-command", "Persistence entry runs a suspicious command", null,
                "unix-shell");

        private final String id;
        private final String title;
        private final String keyword;
        /** The name of the rule's own technique in its declaration. */
        private final String technique;

        Rule(String id, String title, String keyword, String technique) {
            this.id = id;
            this.title = title;
            this.keyword = keyword;
            this.technique = technique;
        }

        public String id() {
            return id;
        }
    }

    private final Rule rule;

    public CommandPatternDetector(Rule rule) {
        this.rule = rule;
    }

    @Override
    public String id() {
        return rule.id;
    }


    /** The rule a pattern belongs to, from the comment block above it in the data file. */
    static Rule ruleOf(WeightedPattern p) {
        String d = p.description() == null ? "" : p.description().toLowerCase(Locale.ROOT);
        for (Rule r : List.of(Rule.DOWNLOAD_EXEC, Rule.DECODE_EXEC, Rule.REVERSE_SHELL)) {
            if (d.contains(r.keyword)) {
                return r;
            }
        }
        return Rule.SUSPICIOUS;
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        for (PersistenceEntry e : snapshot.persistence()) {
            if (e.kind().equals(Hints.SSH_KEY) || e.kind().equals(Hints.PRELOAD)
                    || (e.kind().equals(Hints.SUPERVISORD) && (e.line() == 0 || rule == Rule.SUSPICIOUS))) {
                continue;
            }
            double factor = Hints.factor(e, context.data().thresholds());
            boolean wholeFile = EntryLines.wholeFile(e);
            for (EntryLines.Line line : EntryLines.of(e)) {
                List<WeightedPattern> matches = context.data().persistenceCommands().matching(line.text());
                List<WeightedPattern> own = matches.stream().filter(p -> ruleOf(p) == rule).toList();
                if (own.isEmpty() || (rule == Rule.SUSPICIOUS
                        && matches.stream().anyMatch(p -> ruleOf(p) != Rule.SUSPICIOUS))) {
                    continue;
                }
                findings.add(finding(snapshot, context, line, own, matches, factor, wholeFile));
            }
        }
        return findings;
    }

    private Finding finding(Snapshot snapshot, DetectorContext context, EntryLines.Line line,
                            List<WeightedPattern> own, List<WeightedPattern> all, double factor, boolean wholeFile) {
        PersistenceEntry entry = line.entry();
        dev.ferret.data.rules.Rule declared = context.data().rules().rule(rule.id);
        Finding.Builder f = Finding.builder(rule.id, rule.title).category("persistence")
                .technique(Hints.technique(declared, entry.kind()), declared.technique(rule.technique)).persistence(entry);
        for (WeightedPattern p : own) {
            int weight = rule == Rule.SUSPICIOUS ? Hints.scaled(p.score(), factor) : p.score();
            f.reason(Hints.label(entry) + " runs " + Hints.quote(p.excerpt(line.text())) + ": "
                    + describe(p), weight);
        }
        if (rule != Rule.SUSPICIOUS) {
            for (WeightedPattern p : all) {
                if (ruleOf(p) == Rule.SUSPICIOUS) {
                    f.reason("also " + Hints.quote(p.excerpt(line.text())) + ": " + describe(p),
                            Hints.scaled(p.score(), factor));
                }
            }
        }
        String main = mainReference(entry, context);
        main = Hints.concrete(snapshot, main) ? main : null;
        Set<String> executed = SuspiciousPathDetector.executed(entry);
        double mention = context.data().thresholds().number("persistence.path.mention.factor");
        for (String ref : entry.references()) {
            for (Reason r : Hints.pathReasons(ref, context, factor * (executed.contains(ref) ? 1.0 : mention))) {
                f.reason(r.text(), r.weight());
            }
        }
        Hints.addRecent(f, entry, context);
        if (main != null) {
            f.file(Hints.file(snapshot, context, main));
        }
        Responses.preserve(f, entry.path());
        Responses.remove(f, entry, wholeFile);
        Responses.blockDownloads(f, line.text());
        if (main != null) {
            Responses.quarantine(f, snapshot, main);
        }
        Responses.stopProcesses(f);
        return f.build();
    }

    static String describe(WeightedPattern p) {
        String d = p.description();
        return d == null || d.isEmpty() ? "pattern " + p.pattern().pattern()
                : d.substring(0, 1).toLowerCase(Locale.ROOT) + d.substring(1);
    }

    /**
     * The file a command line is most about: a referenced file in a suspicious place or named by an IOC, else the
     * script handed to a shell or interpreter; null when it only runs standard tools (curl ... | sh).
     */
    static String mainReference(PersistenceEntry entry, DetectorContext context) {
        for (String ref : entry.references()) {
            if (Hints.suspicious(ref, context)) {
                return ref;
            }
        }
        String cwd = null;
        for (ShellCommands.Command c : ShellCommands.parse(entry.command(), entry.line())) {
            if (c.name().equals("cd") && c.words().size() > 1) {
                cwd = ShellCommands.resolve(c.words().get(1), cwd);
            }
            List<String> executed = ShellCommands.executed(c);
            if (executed.size() > 1) {
                String script = ShellCommands.resolve(executed.get(1), cwd);
                if (script != null && script.startsWith("/")) {
                    return script;
                }
            }
        }
        return null;
    }
}
