package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.collect.linux.persistence.AuthorizedKey;
import dev.ferret.collect.linux.persistence.CommandRefs;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SSH authorized keys (T1098.004), kept modest — a key is normal, and only its owner knows whether it belongs:
 * <ul>
 * <li>{@code linux.persistence.ssh-key-command}: a key whose forced command ({@code command="..."}) matches a
 * persistence-command pattern or runs something from a suspicious path: medium to high, from the data's
 * weights. A forced command alone (backup and rsync keys use them) is not reported.</li>
 * <li>{@code linux.persistence.ssh-key-recent}: a key file changed within persistence.recent.days, one finding
 * per file: a weak hint (its rule's {@code recent} weight), for a responder to review its keys.</li>
 * </ul>
 */
public final class SshKeyDetector implements Detector {
    static final String ID = "linux.persistence.ssh-key";
    static final String COMMAND_ID = "linux.persistence.ssh-key-command";
    static final String RECENT_ID = "linux.persistence.ssh-key-recent";
    private static final int KEYS_SHOWN = 5;

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<PersistenceEntry>> byFile = new LinkedHashMap<>();
        int executedWeight = context.data().thresholds().integer("persistence.path.executed.weight");
        for (PersistenceEntry e : snapshot.persistence()) {
            if (!e.kind().equals(Hints.SSH_KEY) || e.command() == null) {
                continue;
            }
            byFile.computeIfAbsent(e.path(), p -> new ArrayList<>()).add(e);
            Optional<AuthorizedKey> key = AuthorizedKey.parse(e.command());
            String forced = key.map(AuthorizedKey::forcedCommand).orElse(null);
            if (forced == null || forced.isBlank()) {
                continue;
            }
            Rule rule = context.data().rules().rule(COMMAND_ID);
            Finding.Builder f = Finding.builder(COMMAND_ID, "Authorized SSH key with a suspicious forced command")
                    .category("persistence").technique(rule.technique("ssh-key")).persistence(e);
            for (WeightedPattern p : context.data().persistenceCommands().matching(forced)) {
                f.reason("the key's forced command runs " + Hints.quote(p.excerpt(forced)) + ": "
                        + CommandPatternDetector.describe(p), p.score());
                f.technique(rule.technique(CommandPatternDetector.ruleOf(p) == CommandPatternDetector.Rule.DOWNLOAD_EXEC
                        ? "ingress-tool-transfer" : "unix-shell"));
            }
            PersistenceEntry asCommand = new PersistenceEntry(e.kind(), e.path(), e.line(), e.user(), forced, e.mtime(),
                    CommandRefs.extract(forced));
            Set<String> executed = SuspiciousPathDetector.executed(asCommand);
            String main = null;
            double mention = context.data().thresholds().number("persistence.path.mention.factor");
            for (String ref : asCommand.references()) {
                List<Reason> reasons = Hints.pathReasons(ref, context, executed.contains(ref) ? 1.0 : mention);
                if (!reasons.isEmpty()) {
                    main = main == null && Hints.concrete(snapshot, ref) ? ref : main;
                    reasons.forEach(r -> f.reason("the key's forced command uses " + r.text(), r.weight()));
                    if (executed.contains(ref)) {
                        f.reason(ref + " runs at every login with this key", executedWeight);
                    }
                }
            }
            if (!f.hasReasons()) {
                continue;
            }
            f.reason("every login with key " + key.get().fingerprint() + " runs " + Hints.quote(forced)
                    + " as " + (e.user() != null ? e.user() : "its account"), 0);
            Hints.addRecent(f, e, context);
            if (main != null) {
                f.file(Hints.file(snapshot, context, main));
            }
            Responses.preserve(f, e.path());
            Responses.remove(f, e, false);
            Responses.blockDownloads(f, forced);
            if (main != null) {
                Responses.quarantine(f, snapshot, main);
            }
            f.respond("look for logins with " + key.get().fingerprint() + " in the SSH logs (sshd logs "
                    + "'Accepted publickey ... " + key.get().fingerprint() + "')");
            findings.add(f.build());
        }
        for (Map.Entry<String, List<PersistenceEntry>> file : byFile.entrySet()) {
            PersistenceEntry first = file.getValue().get(0);
            Optional<Reason> recent = Hints.recent(first.path(), first.mtime(), context,
                    context.data().rules().rule(RECENT_ID).weight("recent"), 1.0);
            if (recent.isEmpty()) {
                continue;
            }
            List<String> keys = file.getValue().stream().limit(KEYS_SHOWN)
                    .map(k -> "line " + k.line() + ": " + k.command()).toList();
            PersistenceEntry whole = new PersistenceEntry(first.kind(), first.path(), 0, first.user(),
                    file.getValue().size() + " key(s)", first.mtime(), List.of());
            Finding.Builder f = Finding.builder(RECENT_ID, "Authorized SSH keys changed recently")
                    .category("persistence").technique(context.data().rules().rule(RECENT_ID).technique("ssh-key"))
                    .persistence(whole)
                    .reason(recent.get().text() + ": an attacker's key gives password-less return", recent.get().weight())
                    .reason("keys of " + (first.user() != null ? first.user() : "the account") + ": "
                            + String.join("; ", keys) + (file.getValue().size() > KEYS_SHOWN ? "; ..." : ""), 0);
            Responses.preserve(f, first.path());
            f.respond("review every key in " + first.path() + " with its owner; remove the ones nobody vouches for");
            findings.add(f.build());
        }
        return findings;
    }
}
