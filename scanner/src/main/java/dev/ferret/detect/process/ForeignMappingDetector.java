package dev.ferret.detect.process;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.FileRef;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Executable code mapped from odd places: libraries loaded from temp or hidden paths, from memfd, or from
 * files deleted after loading. Anonymous executable memory is not judged here: every JIT (Java, Node,
 * browsers) has it.
 */
public final class ForeignMappingDetector implements Detector {
    @Override
    public String id() {
        return "process.foreign-mapping";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        PathJudge judge = new PathJudge(context.data());
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            Set<String> seen = new HashSet<>();
            for (MemoryMapping m : p.mappings()) {
                if (!m.executable() || m.anonymous() || m.pseudo() || m.path().equals(p.executable())
                        || !seen.add(m.path())) {
                    continue;
                }
                Finding.Builder f = Finding.builder(id(), "Code loaded from a suspicious place")
                        .category("process", "library").process(p).file(FileRef.of(m.path()));
                if (m.path().startsWith("/memfd:")) {
                    f.technique(rule.technique("reflective-code-loading"))
                            .reason("pid " + p.pid() + " runs code from memory-only file " + m.path(), rule.weight("memory-only"));
                } else {
                    judge.judge(m.path()).ifPresent(w -> f.technique(rule.technique("hide-artifacts"))
                            .reason("pid " + p.pid() + " maps " + m.path() + " executable: " + PathJudge.describe(w),
                                    Math.min(w.score(), rule.weight("place-cap"))));
                    if (m.deleted() && !java.nio.file.Files.exists(snapshot.hostPath(m.path()))) {
                        f.reason("pid " + p.pid() + " maps " + m.path() + ", deleted since it was loaded", rule.weight("deleted"));
                    }
                }
                if (f.hasReasons()) {
                    findings.add(f.build());
                }
            }
        }
        return findings;
    }
}
