package dev.ferret.detect.hidden;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.ProcessViews;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A process the kernel knows but the /proc directory listing leaves out: a user-space rootkit hooking
 * readdir() (LD_PRELOAD, /etc/ld.so.preload) or a kernel rootkit hooking getdents. Which views miss it
 * tells the two apart.
 */
public final class HiddenProcessDetector implements Detector {
    @Override
    public String id() {
        return "linux.hidden-process";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        ProcessViews views = snapshot.views();
        List<String> preloads = snapshot.persistence().stream()
                .filter(e -> e.kind().equals("preload") && e.path().equals("/etc/ld.so.preload"))
                .map(PersistenceEntry::command).toList();
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (int pid : views.stillHidden()) {
            ProcessInfo p = snapshot.process(pid).orElse(null);
            Finding.Builder f = Finding.builder(id(), "Process hidden from the /proc listing")
                    .category("process").technique(rule.techniques("rootkit", "hide-artifacts"))
                    .process(p != null ? ProcessRef.of(p) : ProcessRef.pidOnly(pid))
                    .reason("pid " + pid + " answers the kernel but is missing from readdir(/proc), twice", rule.weight("missing-from-readdir"));
            if (views.rawAvailable() && views.rawListed().contains(pid)) {
                f.technique(rule.technique("preload"))
                        .reason("the raw getdents64 listing shows it: readdir() in user space is hooked", rule.weight("user-space-hook"));
            } else if (views.rawAvailable()) {
                f.reason("missing from the raw getdents64 listing too: hidden inside the kernel", rule.weight("kernel-hidden"));
            }
            for (String library : preloads) {
                f.reason("/etc/ld.so.preload loads " + library, rule.weight("preload-file"));
            }
            if (p != null && p.cpuPercent() >= context.data().thresholds().number("cpu.hog.percent")) {
                f.technique(rule.technique("resource-hijacking"))
                        .reason(String.format("it uses %.0f%% of a core", p.cpuPercent()), rule.weight("busy"));
            }
            f.respond("suspend pid " + pid + " (kill -STOP " + pid + ") before anything else: it may be guarded");
            if (!preloads.isEmpty()) {
                f.respond("empty /etc/ld.so.preload, then list processes again");
            }
            findings.add(f.build());
        }
        return findings;
    }
}
