package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code LD_PRELOAD} in the environment of running processes (T1574.006), one finding per distinct value with the
 * processes that carry it. Judgement: a package-like library (lib*.so[.N]) in the distribution's library
 * directories — /lib, /usr/lib and their multiarch, 32/64 and libexec variants, not /usr/local — is what
 * jemalloc, tcmalloc, coreutils' stdbuf, fakeroot or snoopy look like, so it is reported low
 * ({@code persistence.preload.system.weight}); anything else (a library in /usr/local, /tmp, a home, a
 * dot-directory, a relative name) is high (its rule's {@code process} weight). Offline scans have no
 * processes and this detector finds nothing there.
 */
public final class ProcessPreloadDetector implements Detector {
    static final String ID = "linux.persistence.ld-preload-process";
    private static final int PIDS_SHOWN = 10;

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Map<String, List<ProcessInfo>> byValue = new LinkedHashMap<>();
        List<ProcessInfo> processes = new ArrayList<>(snapshot.processes());
        snapshot.scanner().filter(s -> processes.stream().noneMatch(p -> p.pid() == s.pid())).ifPresent(processes::add);
        for (ProcessInfo p : processes) {
            String value = p.environment().get("LD_PRELOAD");
            if (value != null && !value.isBlank()) {
                byValue.computeIfAbsent(value.strip(), v -> new ArrayList<>()).add(p);
            }
        }
        var t = context.data().thresholds();
        Rule rule = context.data().rules().rule(ID);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<ProcessInfo>> entry : byValue.entrySet()) {
            List<ProcessInfo> carriers = entry.getValue();
            Finding.Builder f = Finding.builder(ID, "LD_PRELOAD in the environment of running processes")
                    .category("process").technique(rule.technique("preload")).process(carriers.get(0));
            String foreign = null;
            for (String lib : entry.getKey().split("[\\s:]+")) {
                if (lib.isEmpty()) {
                    continue;
                }
                boolean system = Hints.systemLibrary(lib);
                f.reason("LD_PRELOAD=" + lib + " in " + carriers.size() + " process(es)"
                        + (system ? " (a package-like library in a system library directory)" : ""),
                        system ? t.integer("persistence.preload.system.weight") : rule.weight("process"));
                if (lib.startsWith("/")) {
                    for (Reason r : Hints.pathReasons(lib, context, 1.0)) {
                        f.reason(r.text(), r.weight());
                    }
                    FileRef ref = Hints.file(snapshot, context, lib);
                    Hints.hashIoc(ref, context, rule).ifPresent(r -> f.reason(r.text(), r.weight()));
                    if (foreign == null && !system) {
                        foreign = lib;
                        f.file(ref);
                    }
                }
            }
            String pids = String.join(", ", carriers.stream().limit(PIDS_SHOWN)
                    .map(p -> p.pid() + " (" + p.name() + ")").toList())
                    + (carriers.size() > PIDS_SHOWN ? " and " + (carriers.size() - PIDS_SHOWN) + " more" : "");
            f.reason("processes: " + pids, 0);
            f.respond("find where LD_PRELOAD comes from for pid " + carriers.get(0).pid() + ": its parent's "
                    + "environment, the service unit's Environment=, /etc/environment, shell start-up files");
            if (foreign != null) {
                Responses.quarantine(f, snapshot, foreign);
            }
            f.respond("restart the affected processes once the assignment is removed: " + pids);
            findings.add(f.build());
        }
        return findings;
    }
}
