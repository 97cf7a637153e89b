package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.Addresses;
import dev.ferret.model.access.Listener;
import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code linux.access.exposed-service} (T1190, T1133, T1210): databases and admin services (exposed-services.txt:
 * MySQL 3306, Redis 6379, MongoDB 27017, the Docker API 2375, Elasticsearch 9200, ...) listening beyond loopback.
 * Live, from the socket table with the owning process and user; otherwise (an image, or sockets not collected) from
 * the services' configuration files, at {@code access.exposure.config.factor} of the score. A listener on a LAN
 * address only counts {@code access.exposure.private.factor}. Redis without protected mode and password, and sshd
 * allowing root password logins, add weight.
 */
public final class ExposureDetector implements Detector {
    static final String ID = "linux.access.exposed-service";

    private final AccessData data;

    public ExposureDetector() {
        this(AccessData.builtIn());
    }

    ExposureDetector(AccessData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        data.report(snapshot);
        List<Listener> listeners = Listener.of(snapshot);
        return listeners.isEmpty() ? fromConfig(a) : live(a, listeners);
    }

    private List<Finding> live(AccessContext a, List<Listener> listeners) {
        Map<String, List<Listener>> byService = new LinkedHashMap<>();
        Map<String, AccessData.ExposedService> services = new LinkedHashMap<>();
        for (Listener l : listeners) {
            if (!l.exposed()) {
                continue;
            }
            Optional<AccessData.ExposedService> svc = match(l.local().port(), l.process() == null ? null : l.process().name());
            if (svc.isEmpty()) {
                continue;
            }
            String key = svc.get().service() + ":" + l.local().port();
            byService.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
            services.put(key, svc.get());
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Listener>> e : byService.entrySet()) {
            AccessData.ExposedService svc = services.get(e.getKey());
            List<Listener> ls = e.getValue();
            boolean everywhere = ls.stream().anyMatch(Listener::everyInterface);
            boolean lanOnly = !everywhere && ls.stream().allMatch(l -> Addresses.privateAddress(l.local().ip()));
            Listener first = ls.stream().filter(Listener::everyInterface).findFirst().orElse(ls.get(0));
            Optional<ProcessInfo> owner = ls.stream().map(Listener::process).filter(java.util.Objects::nonNull).findFirst();
            int score = (int) Math.round(svc.score() * (lanOnly ? a.rule(ID).threshold("private-factor") : 1.0));
            String addresses = String.join(", ", ls.stream().map(l -> l.local().toString()).distinct().toList());
            Finding.Builder f = Finding.builder(ID, svc.service() + " reachable from other hosts on port "
                            + first.local().port())
                    .category("network").technique(a.rule(ID).techniques("exploit-public-app", "external-remote-services"))
                    .destination(new Endpoint(first.local().ip(), first.local().port()))
                    .reason(ls.stream().filter(l -> l.process() != null).findFirst().orElse(first).owner()
                            + " listens on " + addresses
                            + (everywhere ? ": every interface" : lanOnly ? ": a LAN address" : ": a non-loopback address")
                            + describe(svc), score);
            owner.ifPresent(f::process);
            configReasons(a, f, svc.service());
            respond(f, svc, first.local().port());
            out.add(f.build());
        }
        return out;
    }

    private List<Finding> fromConfig(AccessContext a) {
        List<Finding> out = new ArrayList<>();
        double factor = a.rule(ID).threshold("config-factor");
        Map<String, ServiceConfig> seen = new LinkedHashMap<>();
        for (ServiceConfig c : a.facts.serviceConfigs()) {
            if (!c.exposed() || c.port() == null || c.service().equals("ssh")) {
                continue;
            }
            seen.putIfAbsent(c.service() + ":" + c.port(), c);
        }
        for (ServiceConfig c : seen.values()) {
            Optional<AccessData.ExposedService> svc = data.exposed().stream().filter(s -> s.service().equals(c.service())
                    || s.port() == c.port()).findFirst();
            if (svc.isEmpty()) {
                continue;
            }
            Finding.Builder f = Finding.builder(ID, c.service() + " configured to be reachable from other hosts on port "
                            + c.port())
                    .category("network").technique(a.rule(ID).techniques("exploit-public-app", "external-remote-services"))
                    .destination(new Endpoint("0.0.0.0", c.port()))
                    .file(c.path().startsWith("/") ? FileRef.of(c.path()) : null)
                    .reason(c.location() + ": " + c.setting() + " " + c.value() + ": " + c.service()
                            + " listens beyond loopback on port " + c.port() + describe(svc.get()),
                            (int) Math.round(svc.get().score() * factor))
                    .reason("judged from the configuration: whether it runs, and what a firewall lets through, is not known",
                            0);
            configReasons(a, f, c.service());
            respond(f, svc.get(), c.port());
            out.add(f.build());
        }
        return out;
    }

    private Optional<AccessData.ExposedService> match(int port, String process) {
        if (process != null) {
            for (AccessData.ExposedService s : data.exposed()) {
                if (s.process() != null && s.process().matcher(process).find()) {
                    return Optional.of(s);
                }
            }
        }
        return data.exposed().stream().filter(s -> s.port() == port).findFirst();
    }

    private static String describe(AccessData.ExposedService svc) {
        return svc.description() == null || svc.description().isEmpty() ? "" : " (" + svc.description() + ")";
    }

    private static void configReasons(AccessContext a, Finding.Builder f, String service) {
        List<ServiceConfig> mine = a.facts.serviceConfigs().stream().filter(c -> c.service().equals(service)).toList();
        if (service.equals("redis")) {
            boolean unprotected = mine.stream().anyMatch(c -> c.setting().equals("protected-mode")
                    && c.value().equalsIgnoreCase("no"));
            boolean password = mine.stream().anyMatch(c -> c.setting().equals("requirepass"));
            if (unprotected && !password) {
                f.reason("Redis has protected-mode off and no requirepass: anyone who reaches it can write files as its "
                        + "user (cron entries, authorized_keys)", a.rule(ID).weight("redis-open"));
            }
        }
        if (service.equals("ssh")) {
            mine.stream().filter(c -> c.setting().equalsIgnoreCase("PermitRootLogin") && c.value().equalsIgnoreCase("yes"))
                    .findFirst().ifPresent(c -> {
                        boolean passwords = mine.stream().noneMatch(x -> x.setting().equalsIgnoreCase("PasswordAuthentication")
                                && x.value().equalsIgnoreCase("no"));
                        if (passwords) {
                            f.reason(c.location() + ": PermitRootLogin yes with password logins: root's password can be "
                                    + "guessed from anywhere", a.rule(ID).weight("root-password-login"));
                        }
                    });
        }
        for (ServiceConfig c : mine) {
            if (c.exposed()) {
                f.reason("configured in " + c.location() + ": " + c.setting() + " " + c.value(), 0);
            }
        }
    }

    private static void respond(Finding.Builder f, AccessData.ExposedService svc, int port) {
        switch (svc.service()) {
            case "mysql" -> f.respond("bind MySQL to 127.0.0.1 (bind-address in my.cnf) unless other hosts need it; "
                    + "check its accounts for weak passwords and remote root ('%' hosts)");
            case "redis" -> f.respond("bind Redis to 127.0.0.1, turn protected-mode on and set requirepass; look for "
                    + "CONFIG SET writes (cron entries and authorized_keys owned by redis)");
            case "docker" -> f.respond("stop exposing the Docker API over TCP (remove -H tcp://... / \"hosts\"); it is "
                    + "root on this host for anyone who reaches it; look for containers you did not start");
            default -> {
            }
        }
        f.respond("block port " + port + " from untrusted networks (iptables -A INPUT -p tcp --dport " + port
                + " ! -s <trusted network> -j DROP)");
    }
}
