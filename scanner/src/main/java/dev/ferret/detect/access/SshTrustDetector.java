package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.KeyEntry;
import dev.ferret.model.access.LoginEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SSH trust (T1098.004) judged with the logins around it:
 * <ul>
 * <li>{@code linux.access.ssh-key-added}: an authorized_keys file changed within the recent days (medium: review it),
 * high when a suspicious login (after a brute force from the same address, or from a new address) came shortly before
 * the change; the keys used to log in after it are named.</li>
 * <li>{@code linux.access.ssh-key-duplicate}: the same key authorized for several accounts (low).</li>
 * <li>{@code linux.access.ssh-key-known-attacker}: an authorized key whose fingerprint an SSH key IOC list names
 * (every key of every keys file, whatever its age).</li>
 * </ul>
 */
public final class SshTrustDetector implements Detector {
    static final String ID = "linux.access.ssh-key";
    static final String ADDED_ID = "linux.access.ssh-key-added";
    static final String DUPLICATE_ID = "linux.access.ssh-key-duplicate";
    static final String KNOWN_ID = "linux.access.ssh-key-known-attacker";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        Logins logins = new Logins(a.facts);
        List<LoginEvent> suspicious = new ArrayList<>();
        logins.breaches(a.weight("access.bruteforce.success.failures")).forEach(b -> suspicious.add(b.login()));
        suspicious.addAll(logins.firstFromNewSources(Duration.ofDays(a.weight("access.newsource.history.days"))));
        Set<String> breachSources = logins.breaches(a.weight("access.bruteforce.success.failures")).stream()
                .map(Logins.Breach::source).collect(Collectors.toSet());
        Duration window = Duration.ofMinutes(a.rule(ADDED_ID).thresholdInt("login-window-minutes"));
        Map<String, List<KeyEntry>> byFile = new LinkedHashMap<>();
        a.facts.keys().forEach(k -> byFile.computeIfAbsent(k.path(), p -> new ArrayList<>()).add(k));
        List<Finding> out = new ArrayList<>();
        for (List<KeyEntry> keys : byFile.values()) {
            KeyEntry last = keys.stream().filter(KeyEntry::lastKey).findFirst().orElse(keys.get(keys.size() - 1));
            Instant changed = last.fileMtime();
            if (last.fileCtime() != null && (changed == null || last.fileCtime().isAfter(changed))
                    && a.isRecent(last.fileCtime()) && !a.isRecent(changed)) {
                changed = last.fileCtime(); // mtime set back (touch -r): the inode still knows
            }
            if (!a.isRecent(changed)) {
                continue;
            }
            Instant when = changed;
            Finding.Builder f = Finding.builder(ADDED_ID, "SSH key added for " + last.user())
                    .category("persistence").technique(a.rule(ADDED_ID).technique("ssh-keys"))
                    .file(new FileRef(last.path(), null, last.fileMtime(), null, null))
                    .persistence(new PersistenceEntry("ssh-key", last.path(), 0, last.user(), keys.size() + " key(s)",
                            last.fileMtime(), List.of()))
                    .reason(last.path() + " changed " + a.ago(when) + " (" + AccessContext.at(when) + "): an attacker's "
                            + "key gives password-less return", a.rule(ADDED_ID).weight("recent"))
                    .reason("newest key, line " + last.line() + ": " + last.abbreviated(), 0);
            if (!when.equals(last.fileMtime()) && last.fileMtime() != null) {
                f.reason("its modification time says " + AccessContext.at(last.fileMtime()) + " but the inode changed at "
                        + AccessContext.at(when) + " (the time was set back)", 0);
            }
            if (keys.size() > 1) {
                // a file-level change says nothing of which line is new: every key is a suspect, not only the last
                f.reason("every key of the file: " + keys.stream().map(k -> "line " + k.line() + " " + k.abbreviated())
                        .collect(Collectors.joining("; ")), 0);
            }
            if (!last.path().contains("/.ssh/")) {
                f.reason(last.path() + " is not under ~/.ssh: sshd_config's AuthorizedKeysFile wires it in, where "
                        + "few look", a.rule(ADDED_ID).weight("unusual-file"));
            }
            if (last.forcedCommand() != null) {
                f.reason("the key runs a forced command: " + last.forcedCommand(), a.rule(ADDED_ID).weight("forced-command"));
            }
            suspicious.stream().filter(e -> !e.time().isAfter(when.plusSeconds(a.rule(ADDED_ID).thresholdInt("login-after-seconds")))
                            && !e.time().isBefore(when.minus(window)) && e.user().equals(last.user()))
                    .max(Comparator.comparing(LoginEvent::time)).or(() -> suspicious.stream()
                            .filter(e -> !e.time().isAfter(when.plusSeconds(a.rule(ADDED_ID).thresholdInt("login-after-seconds"))) && !e.time().isBefore(when.minus(window)))
                            .max(Comparator.comparing(LoginEvent::time)))
                    .ifPresent(e -> {
                        f.reason(AccessContext.span(Duration.between(e.time(), when)) + " before the change, "
                                + Logins.describe(e) + (breachSources.contains(e.source())
                                ? " after a brute force from that address" : " from an address not seen before"),
                                a.rule(ADDED_ID).weight("after-login"));
                        f.source(new Endpoint(e.source(), 0));
                        EventTimes.add(f, e.time(), "suspicious login before the key change");
                    });
            Set<String> fingerprints = keys.stream().map(KeyEntry::fingerprint).collect(Collectors.toSet());
            logins.successes().stream().filter(e -> e.fingerprint() != null && fingerprints.contains(e.fingerprint())
                    && !e.time().isBefore(when)).findFirst().ifPresent(e -> {
                        f.reason("a key of this file was used afterwards: " + Logins.describe(e), 0);
                        EventTimes.add(f, e.time(), "login with a key of " + last.path());
                    });
            EventTimes.add(f, when, last.path() + " changed (key added)");
            f.respond("preserve " + last.path() + ", then remove every key its owner does not vouch for (line "
                    + last.line() + " is the newest)");
            f.respond("look for logins with these keys in the auth log ('Accepted publickey for " + last.user() + "')");
            out.add(f.build());
        }
        for (KeyEntry k : a.facts.keys()) {
            context.data().iocs().sshKey(k.fingerprint()).ifPresent(ioc -> out.add(Finding.builder(KNOWN_ID,
                            "Known attacker SSH key authorized for " + k.user())
                    .category("persistence").technique(a.rule(KNOWN_ID).technique("ssh-keys"))
                    .file(new FileRef(k.path(), null, k.fileMtime(), null, null))
                    .persistence(new PersistenceEntry("ssh-key", k.path(), k.line(), k.user(), k.abbreviated(),
                            k.fileMtime(), List.of()))
                    .reason(k.location() + ": key " + k.type() + " " + k.fingerprint() + " is listed: "
                            + (ioc.description() == null ? "" : ioc.description()) + " (" + ioc.source() + ")",
                            a.rule(KNOWN_ID).weight("listed"))
                    .respond("preserve " + k.path() + ", then remove line " + k.line() + " (key " + k.fingerprint() + ")")
                    .respond("search every host's keys files for " + k.fingerprint())
                    .build()));
        }
        Map<String, List<KeyEntry>> byKey = new LinkedHashMap<>();
        a.facts.keys().forEach(k -> byKey.computeIfAbsent(k.fingerprint(), x -> new ArrayList<>()).add(k));
        for (List<KeyEntry> same : byKey.values()) {
            Set<String> users = new HashSet<>(same.stream().map(KeyEntry::user).toList());
            if (users.size() < 2) {
                continue;
            }
            KeyEntry k = same.get(0);
            Finding.Builder f = Finding.builder(DUPLICATE_ID, "One SSH key opens " + users.size() + " accounts")
                    .category("persistence").technique(a.rule(DUPLICATE_ID).technique("ssh-keys"))
                    .reason("key " + k.type() + " " + k.fingerprint() + (k.comment().isEmpty() ? "" : " (" + k.comment() + ")")
                            + " is authorized in " + same.stream().map(KeyEntry::location).collect(Collectors.joining(", ")),
                            a.rule(DUPLICATE_ID).weight("shared"));
            f.respond("confirm who owns key " + k.fingerprint() + "; an attacker plants one key in every account");
            out.add(f.build());
        }
        return out;
    }
}
