package dev.ferret.detect.process;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.FileRef;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes running from where legitimate programs do not: temp and hidden dirs, a deleted file, memory
 * only (memfd), or dressed up as a kernel thread.
 */
public final class SuspiciousExecutableDetector implements Detector {
    @Override
    public String id() {
        return "process.suspicious-executable";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        PathJudge judge = new PathJudge(context.data());
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            String exe = p.executable();
            if (exe == null) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "Process runs from a suspicious executable")
                    .category("process").process(p).file(FileRef.of(exe));
            if (p.exeMemfd()) {
                f.technique(rule.technique("reflective-code-loading"))
                        .reason("its executable exists only in memory (" + exe + ")", rule.weight("memory-only"));
            } else if (p.exeDeleted()) {
                boolean replaced = Files.exists(snapshot.hostPath(exe), LinkOption.NOFOLLOW_LINKS);
                f.technique(rule.technique("file-deletion"));
                if (replaced) {
                    f.reason(exe + " was replaced after the process started (an upgrade, or a swapped binary)", rule.weight("replaced"));
                } else {
                    f.reason(exe + " was deleted after the process started", rule.weight("deleted"))
                            .respond("copy /proc/" + p.pid() + "/exe before killing pid " + p.pid()
                                    + ": it is the only copy of the binary");
                }
            }
            judge.judge(p.exeMemfd() ? null : exe).ifPresent(w -> f.technique(rule.technique("hide-artifacts"))
                    .reason("it runs from " + exe + ": " + PathJudge.describe(w), w.score()));
            if (!p.arguments().isEmpty() && p.arguments().get(0).startsWith("[") && p.arguments().get(0).endsWith("]")) {
                f.technique(rule.technique("masquerading"))
                        .reason("it calls itself " + p.arguments().get(0) + " like a kernel thread, but runs " + exe, rule.weight("kernel-thread-name"));
            }
            if (f.hasReasons()) {
                f.respond("suspend pid " + p.pid() + ", keep " + exe + " as evidence");
                findings.add(f.build());
            }
        }
        return findings;
    }

    static String describe(WeightedPattern p) {
        return PathJudge.describe(p);
    }
}
