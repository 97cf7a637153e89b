package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.FailureSummary;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.ServiceConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Successful logins that deserve a look (T1078, T1021.004):
 * <ul>
 * <li>{@code linux.access.login-new-source}: the first login from an address not seen before in the retained logins,
 * within the recent days — low alone; medium or high for root, with a password, or while other addresses were
 * guessing passwords. Sources with a brute-force success are left to that finding.</li>
 * <li>{@code linux.access.login-root-ssh}: root logging in over SSH from another host: low with a key, medium with
 * a password. One finding per source.</li>
 * </ul>
 */
public final class LoginDetector implements Detector {
    static final String ID = "linux.access.login";
    static final String NEW_SOURCE_ID = "linux.access.login-new-source";
    static final String ROOT_ID = "linux.access.login-root-ssh";
    private static final int MAX_ROOT_FINDINGS = 10;

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        Logins logins = new Logins(a.facts);
        Set<String> breached = logins.breaches(a.weight("access.bruteforce.success.failures")).stream()
                .map(Logins.Breach::source).collect(Collectors.toSet());
        List<Finding> out = new ArrayList<>();
        int campaignMin = a.weight("access.bruteforce.failures");
        for (LoginEvent e : logins.firstFromNewSources(Duration.ofDays(a.weight("access.newsource.history.days")))) {
            if (breached.contains(e.source()) || !a.isRecent(e.time())) {
                continue;
            }
            Finding.Builder f = Finding.builder(NEW_SOURCE_ID, "Login from a new address: " + e.user() + " from "
                            + e.source())
                    .category("authentication").technique(a.rule(NEW_SOURCE_ID).technique("valid-accounts"))
                    .source(new Endpoint(e.source(), 0))
                    .reason(Logins.describe(e) + ": the first login from " + e.source() + " since the logins on record "
                            + "began (" + AccessContext.at(logins.successes().get(0).time()) + ")",
                            a.rule(NEW_SOURCE_ID).weight("new-source"));
            if (e.user().equals("root")) {
                f.reason("the account is root", a.rule(NEW_SOURCE_ID).weight("root"));
            }
            if ("password".equals(e.method()) || "keyboard-interactive/pam".equals(e.method())) {
                f.reason("it used a password", a.rule(NEW_SOURCE_ID).weight("password"));
            }
            logins.failures(e.source()).filter(x -> x.count() > 0).ifPresent(x -> f.reason(x.count()
                    + " failed logins from " + e.source() + " too", 0));
            List<FailureSummary> campaigns = logins.campaigns(e.source(), campaignMin, e.time().minus(Duration.ofDays(1)),
                    e.time());
            if (!campaigns.isEmpty()) {
                f.reason("while " + campaigns.size() + " other address(es) were guessing passwords (e.g. "
                        + campaigns.get(0).source() + ", " + campaigns.get(0).count() + " failures): a distributed "
                        + "brute force hands the working password to a fresh address", a.rule(NEW_SOURCE_ID).weight("campaign"));
            }
            if (e.remote() && "sshd".equals(e.service())) {
                f.technique(a.rule(NEW_SOURCE_ID).technique("ssh"));
            }
            EventTimes.add(f, e.time(), e.user() + " logged in from new address " + e.source());
            f.respond("confirm with " + e.user() + "'s owner that the login from " + e.source() + " at "
                    + AccessContext.at(e.time()) + " was theirs; if not, treat the account as compromised");
            out.add(f.build());
        }
        out.addAll(rootLogins(a, logins, breached));
        return out;
    }

    private static List<Finding> rootLogins(AccessContext a, Logins logins, Set<String> breached) {
        Map<String, List<LoginEvent>> bySource = new LinkedHashMap<>();
        for (LoginEvent e : logins.remoteSuccesses()) {
            if (e.user().equals("root") && (e.service() == null || e.service().equals("sshd"))
                    && !breached.contains(e.source())) {
                bySource.computeIfAbsent(e.source(), s -> new ArrayList<>()).add(e);
            }
        }
        String permit = a.facts.serviceConfigs().stream()
                .filter(c -> c.service().equals("ssh") && c.setting().equalsIgnoreCase("PermitRootLogin"))
                .map(c -> c.setting() + " " + c.value() + " (" + c.location() + ")").findFirst().orElse(null);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<LoginEvent>> s : bySource.entrySet()) {
            if (out.size() >= MAX_ROOT_FINDINGS) {
                break;
            }
            List<LoginEvent> list = s.getValue();
            LoginEvent last = list.get(list.size() - 1);
            boolean password = list.stream().anyMatch(e -> "password".equals(e.method())
                    || "keyboard-interactive/pam".equals(e.method()));
            Finding.Builder f = Finding.builder(ROOT_ID, "root logs in over SSH from " + s.getKey())
                    .category("authentication").technique(a.rule(ROOT_ID).techniques("valid-accounts", "ssh"))
                    .source(new Endpoint(s.getKey(), 0))
                    .reason(list.size() + " root login(s) from " + s.getKey() + ", the last: " + Logins.describe(last)
                                    + (password ? "; with a password" : ""),
                            password ? a.rule(ROOT_ID).weight("password") : a.rule(ROOT_ID).weight("key"));
            if (permit != null) {
                f.reason("sshd allows it: " + permit, 0);
            }
            EventTimes.add(f, list.get(0).time(), "first root login over SSH from " + s.getKey());
            f.respond("log in as a named user and use sudo; set PermitRootLogin no (or prohibit-password) in "
                    + "sshd_config");
            out.add(f.build());
        }
        return out;
    }

    static boolean sshAllowsRootPasswords(List<ServiceConfig> configs) {
        return configs.stream().anyMatch(c -> c.service().equals("ssh") && c.setting().equalsIgnoreCase("PermitRootLogin")
                && c.value().equalsIgnoreCase("yes"));
    }
}
