package dev.ferret.detect.access;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code linux.access.root-service}: server processes running as root that should not (root-services.txt): nginx,
 * apache and PHP-FPM workers, database servers, Redis. A web-application hole in such a process is root on the host
 * (case 6: "is nginx running as root"). Live from the process list; otherwise from the worker user set in
 * nginx.conf, apache's envvars/httpd.conf or PHP-FPM pools.
 */
public final class RootServiceDetector implements Detector {
    static final String ID = "linux.access.root-service";

    private final AccessData data;

    public RootServiceDetector() {
        this(AccessData.builtIn());
    }

    RootServiceDetector(AccessData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<ProcessInfo> processes = snapshot.processes();
        Map<Integer, ProcessInfo> byPid = new HashMap<>();
        processes.forEach(p -> byPid.put(p.pid(), p));
        Map<String, List<ProcessInfo>> childrenNames = new HashMap<>();
        for (ProcessInfo p : processes) {
            ProcessInfo parent = byPid.get(p.ppid());
            if (parent != null && parent.name() != null && parent.name().equals(p.name())) {
                childrenNames.computeIfAbsent(parent.pid() + "", k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<ProcessInfo>> hits = new LinkedHashMap<>();
        Map<String, WeightedPattern> patterns = new HashMap<>();
        for (ProcessInfo p : processes) {
            if (p.uid() != 0 || p.isKernelThread() || p.name() == null) {
                continue;
            }
            ProcessInfo parent = byPid.get(p.ppid());
            String role = parent != null && p.name().equals(parent.name()) ? "worker"
                    : childrenNames.containsKey(p.pid() + "") ? "master" : "single";
            String text = role + " " + p.name() + " " + p.commandLine();
            Optional<WeightedPattern> hit = data.rootServices().matching(text).stream()
                    .max(Comparator.comparingInt(WeightedPattern::score));
            if (hit.isPresent()) {
                hits.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
                patterns.put(p.name(), hit.get());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<ProcessInfo>> e : hits.entrySet()) {
            WeightedPattern p = patterns.get(e.getKey());
            List<ProcessInfo> list = e.getValue();
            Finding.Builder f = Finding.builder(ID, e.getKey() + " runs as root")
                    .category("process").technique(a.rule(ID).technique("exploit-public-app"))
                    .process(list.get(0))
                    .reason(list.size() + " " + e.getKey() + " process(es) run as root: " + String.join(", ", list.stream()
                            .limit(5).map(x -> x.pid() + " (" + x.commandLine() + ")").toList())
                            + (p.description() == null || p.description().isEmpty() ? "" : ": " + p.description()), p.score());
            f.respond("run " + e.getKey() + " as its own unprivileged user (the service's User=/user setting) and "
                    + "review what its root processes wrote (the file timeline, files owned by root in its web/data dirs)");
            out.add(f.build());
        }
        if (processes.isEmpty()) {
            out.addAll(fromConfig(a));
        }
        return out;
    }

    private List<Finding> fromConfig(AccessContext a) {
        List<Finding> out = new ArrayList<>();
        for (ServiceConfig c : a.facts.serviceConfigs()) {
            if (!c.setting().equals("user") || !c.value().equals("root")) {
                continue;
            }
            String name = switch (c.service()) {
                case "apache" -> "apache2";
                default -> c.service();
            };
            String text = "worker " + name + " (config " + c.path() + ")";
            Optional<WeightedPattern> hit = data.rootServices().matching(text).stream()
                    .max(Comparator.comparingInt(WeightedPattern::score));
            if (hit.isEmpty()) {
                continue;
            }
            Finding.Builder f = Finding.builder(ID, c.service() + " configured to run its workers as root")
                    .category("configuration").technique(a.rule(ID).technique("exploit-public-app"))
                    .file(FileRef.of(c.path()))
                    .reason(c.location() + ": " + c.setting() + " " + c.value() + ": " + c.service()
                            + " workers run as root", hit.get().score());
            f.respond("set an unprivileged worker user in " + c.path() + " (www-data, nginx, apache)");
            out.add(f.build());
        }
        return out;
    }
}
