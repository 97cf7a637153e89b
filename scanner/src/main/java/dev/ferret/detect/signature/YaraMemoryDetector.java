package dev.ferret.detect.signature;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.MemoryMatch;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.SignatureMatch;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Processes whose memory YARA rules matched: one finding per process, each region and rule a reason. */
public final class YaraMemoryDetector implements Detector {
    @Override
    public String id() {
        return "yara.memory";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Map<Integer, List<MemoryMatch>> byPid = new LinkedHashMap<>();
        for (MemoryMatch m : snapshot.memoryMatches()) {
            byPid.computeIfAbsent(m.pid(), k -> new ArrayList<>()).add(m);
        }
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Integer, List<MemoryMatch>> e : byPid.entrySet()) {
            int pid = e.getKey();
            Finding.Builder f = Finding.builder(id(), "Process memory matches YARA signatures")
                    .category("process", "memory")
                    .process(snapshot.process(pid).map(ProcessRef::of).orElse(ProcessRef.pidOnly(pid)));
            boolean anonymous = false;
            for (MemoryMatch region : e.getValue()) {
                anonymous |= region.backing() == null;
                for (SignatureMatch m : region.matches()) {
                    YaraEvidence.add(f, m, "in pid " + pid + " region " + region.region(), rule.weight("default-score"));
                }
            }
            if (anonymous) {
                f.technique(rule.technique("reflective-code-loading"));
            }
            f.respond("dump the memory of pid " + pid + " for analysis, then suspend it");
            findings.add(f.build());
        }
        return findings;
    }
}
