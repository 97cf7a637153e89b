package dev.ferret.detect.hidden;

import dev.ferret.data.Thresholds;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.CpuAccounting;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.util.List;

/**
 * Host-wide busy CPU far above what the visible processes used in the same window: top shows 90% user
 * time and no process using it (THREATS case 1). Shows a hidden miner even when nothing else does.
 */
public final class UnaccountedCpuDetector implements Detector {
    @Override
    public String id() {
        return "linux.unaccounted-cpu";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        CpuAccounting cpu = snapshot.cpu().orElse(null);
        if (cpu == null) {
            return List.of();
        }
        if (cpu.nestedPidNamespace()) {
            snapshot.coverage().note("CPU accounting not judged: ferret runs in a child pid namespace and sees "
                    + "only part of the host's processes");
            return List.of();
        }
        Thresholds t = context.data().thresholds();
        double unaccounted = cpu.unaccountedPercentOfCore();
        double busy = cpu.hostBusyPercentOfCore();
        if (unaccounted < t.number("cpu.unaccounted.percent") || busy <= 0
                || unaccounted / busy < t.number("cpu.unaccounted.share")) {
            return List.of();
        }
        Rule rule = context.data().rules().rule(id());
        return List.of(Finding.builder(id(), "Busy CPU that no visible process accounts for")
                .category("process", "host").technique(rule.techniques("rootkit", "resource-hijacking"))
                .reason(String.format("over %.1f s the host spent %.0f%% of a core busy, visible processes %.0f%%: "
                                + "%.0f%% of a core is unaccounted for", cpu.windowSeconds(), busy,
                        busy - unaccounted, unaccounted), rule.weight("unaccounted"))
                .respond("look for hidden processes: check /etc/ld.so.preload and loaded kernel modules")
                .build());
    }
}
