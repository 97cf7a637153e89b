package dev.ferret.detect.process;

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


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        double threshold = context.data().thresholds().number("cpu.hog.percent");
        double window = snapshot.cpu().map(c -> c.windowSeconds()).orElse(0.0);
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.cpuPercent() >= threshold) {
                findings.add(Finding.builder(id(), "Process using sustained CPU")
                        .category("process").technique(rule.technique("resource-hijacking")).process(p)
                        .reason(String.format("%s (pid %d) used %.0f%% of a core over %.1f s", p.name(), p.pid(),
                                p.cpuPercent(), window), rule.weight("busy"))
                        .build());
            }
        }
        return findings;
    }
}
