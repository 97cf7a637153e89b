package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.LoginEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Password guessing (T1110), from failed-login counts per source in btmp, the auth log and the journal:
 * <ul>
 * <li>{@code linux.access.brute-force-success}: a successful login from a source after at least
 * {@code access.bruteforce.success.failures} failures from it — the guessing worked (high).</li>
 * <li>{@code linux.access.brute-force}: at least {@code access.bruteforce.failures} failures from one source without
 * a success: low (medium when heavy) — on an exposed SSH port it is background noise, but it names the addresses to
 * block and the accounts tried. At most {@code access.bruteforce.max.findings} sources; the rest in one finding.</li>
 * </ul>
 */
public final class BruteForceDetector implements Detector {
    static final String ID = "linux.access.brute-force";
    static final String SUCCESS_ID = "linux.access.brute-force-success";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        Logins logins = new Logins(a.facts);
        List<Finding> out = new ArrayList<>();
        Set<String> breached = new HashSet<>();
        for (Logins.Breach b : logins.breaches(a.weight("access.bruteforce.success.failures"))) {
            breached.add(b.source());
            out.add(success(a, b));
        }
        int min = a.weight("access.bruteforce.failures");
        int heavy = a.rule(ID).thresholdInt("heavy-failures");
        int max = a.rule(ID).thresholdInt("max-findings");
        List<FailureSummary> rest = new ArrayList<>();
        int shown = 0;
        for (FailureSummary f : logins.failures()) {
            if (f.count() < min || breached.contains(f.source())) {
                continue;
            }
            if (shown >= max) {
                rest.add(f);
                continue;
            }
            shown++;
            Finding.Builder fb = Finding.builder(ID, "Brute force of logins from " + f.source())
                    .category("authentication").technique(a.rule(ID).techniques("brute-force", "password-guessing"))
                    .source(new Endpoint(f.source(), 0))
                    .reason(f.count() + " failed logins from " + f.source() + " between " + AccessContext.at(f.first())
                            + " and " + AccessContext.at(f.last()) + " (accounts tried: " + Logins.users(f) + ") ["
                            + f.origin() + "]", f.count() >= heavy ? a.rule(ID).weight("heavy")
                            : a.rule(ID).weight("failures"))
                    .reason("no successful login from " + f.source() + " was recorded after the failures", 0);
            EventTimes.add(fb, f.first(), "first of " + f.count() + " failed logins from " + f.source());
            fb.respond("block " + f.source() + " (iptables -A INPUT -s " + f.source() + " -j DROP) and restrict the "
                    + "SSH port to known addresses (fail2ban, AllowUsers, a VPN)");
            fb.respond("check that the accounts tried (" + Logins.users(f) + ") have strong passwords or none "
                    + "(PasswordAuthentication no)");
            out.add(fb.build());
        }
        if (!rest.isEmpty()) {
            long total = rest.stream().mapToLong(FailureSummary::count).sum();
            List<String> sample = rest.stream().limit(20).map(f -> f.source() + " (" + f.count() + ")").toList();
            Finding.Builder fb = Finding.builder(ID, "Brute force of logins from " + rest.size() + " more sources")
                    .category("authentication").technique(a.rule(ID).techniques("brute-force", "password-guessing"))
                    .reason(total + " failed logins from " + rest.size() + " further sources with at least " + min
                            + " each: " + String.join(", ", sample) + (rest.size() > sample.size() ? ", ..." : ""),
                            a.rule(ID).weight("failures"));
            EventTimes.add(fb, rest.stream().map(FailureSummary::first).filter(java.util.Objects::nonNull)
                    .min(java.util.Comparator.naturalOrder()).orElse(null), "first failed login of the further sources");
            fb.respond("restrict the SSH port to known addresses (fail2ban, a firewall allow-list, a VPN)");
            out.add(fb.build());
        }
        return out;
    }

    private static Finding success(AccessContext a, Logins.Breach b) {
        FailureSummary f = b.failures();
        LoginEvent e = b.login();
        Finding.Builder fb = Finding.builder(SUCCESS_ID, "Login by " + e.user() + " from " + b.source()
                        + " after a brute force from it")
                .category("authentication", "intrusion")
                .technique(a.rule(SUCCESS_ID).techniques("brute-force", "password-guessing", "valid-accounts"))
                .source(new Endpoint(b.source(), 0))
                .reason(f.count() + " failed logins from " + b.source() + " since " + AccessContext.at(f.first())
                        + " (accounts tried: " + Logins.users(f) + "; largest count in " + f.channel() + ") ["
                        + f.origin() + "]", 0)
                .reason("then " + Logins.describe(e) + ": the guessing succeeded", a.rule(SUCCESS_ID).weight("success"));
        if ("sshd".equals(e.service()) || e.terminal() != null && e.terminal().startsWith("pts")) {
            fb.technique(a.rule(SUCCESS_ID).technique("ssh"));
        }
        EventTimes.add(fb, f.first(), "first of " + f.count() + " failed logins from " + b.source());
        EventTimes.add(fb, e.time(), e.user() + " logged in from " + b.source());
        fb.respond("block " + b.source() + " now (iptables -I INPUT -s " + b.source() + " -j DROP)");
        fb.respond("treat the account " + e.user() + " as compromised: set a new password, review its "
                + "authorized_keys, end its sessions (who; pkill -KILL -u " + e.user() + ")");
        fb.respond("look at what the session did: " + e.user() + "'s shell history, and files changed after "
                + AccessContext.at(e.time()) + " (the file timeline)");
        fb.respond("turn off password logins over SSH (PasswordAuthentication no) once keys are in place");
        return fb.build();
    }
}
