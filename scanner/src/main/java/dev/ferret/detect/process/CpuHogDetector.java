package dev.ferret.detect.process;

import dev.ferret.data.DataFileReader;
import java.util.regex.Pattern;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Sustained CPU use over the sampling window. On its own only a hint (builds and databases burn CPU too);
 * it joins the miner's other findings in one chain.
 */
public final class CpuHogDetector implements Detector {
    @Override
    public String id() {
        return "process.cpu-hog";
    }


    private static final Pattern HIDDEN_TEMP = Pattern.compile("^/(tmp|var/tmp|dev/shm)/(.*/)?\\.[^/]+/");
    private static final List<Pattern> KERNEL_THREAD_NAMES = DataFileReader
            .readResource("ferret/signatures/detect/kernel-thread-names.txt").stream()
            .map(l -> Pattern.compile(l.text())).toList();

    static boolean disguisedInHiddenTemp(ProcessInfo p) {
        if (p.executable() == null || !HIDDEN_TEMP.matcher(p.executable()).find()) {
            return false;
        }
        List<String> names = new ArrayList<>();
        names.add(p.name() == null ? "" : p.name());
        if (!p.arguments().isEmpty()) {
            names.add(p.arguments().get(0));
        }
        return names.stream().anyMatch(n -> KERNEL_THREAD_NAMES.stream().anyMatch(k -> k.matcher(n).find()));
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        double threshold = context.data().thresholds().number("cpu.hog.percent");
        double window = snapshot.cpu().map(c -> c.windowSeconds()).orElse(0.0);
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.cpuPercent() >= threshold) {
                Finding.Builder f = Finding.builder(id(), "Process using sustained CPU")
                        .category("process").technique(rule.technique("resource-hijacking")).process(p)
                        .reason(String.format("%s (pid %d) used %.0f%% of a core over %.1f s", p.name(), p.pid(),
                                p.cpuPercent(), window), rule.weight("busy"));
                if (disguisedInHiddenTemp(p)) {
                    // the miner's own signature even when no rule knows its file and no pool answers
                    f.reason("it runs from the hidden temp directory " + p.executable()
                            + " under a kernel thread's name", rule.weight("disguised-in-hidden-temp"));
                }
                findings.add(f.build());
            }
        }
        return findings;
    }
}
