package dev.ferret.detect.hidden;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A socket whose owner no process listing shows: netstat prints it with no PID (THREATS case 1).
 * Either the owner is hidden (ferret found it by probing) or no visible process holds the inode at all.
 */
public final class OrphanSocketDetector implements Detector {
    @Override
    public String id() {
        return "linux.hidden-socket-owner";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        boolean partialView = snapshot.coverage().counter("network", "processes whose descriptors could not be read") > 0
                || snapshot.cpu().map(c -> c.nestedPidNamespace()).orElse(false);
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (SocketInfo s : snapshot.sockets()) {
            if (s.inode() == 0 || !(s.connected() || s.listening())) {
                continue;
            }
            List<Integer> hiddenOwners = s.pids().stream().filter(pid -> !snapshot.views().visible(pid)).toList();
            boolean unowned = s.pids().isEmpty();
            if (!unowned && hiddenOwners.size() < s.pids().size()) {
                continue; // some visible process holds it
            }
            Finding.Builder f = Finding.builder(id(), "Socket with no visible owner")
                    .category("network").technique(rule.techniques("rootkit", "hide-artifacts"))
                    .source(s.local()).destination(s.connected() ? s.remote() : null);
            String what = s.protocol() + " " + s.state() + " " + s.local() + (s.connected() ? " -> " + s.remote() : "");
            if (!unowned) {
                int pid = hiddenOwners.get(0);
                f.process(snapshot.process(pid).map(ProcessRef::of).orElse(ProcessRef.pidOnly(pid)))
                        .reason(what + " (inode " + s.inode() + ") is held by pid " + pid
                                + ", which the /proc listing hides", rule.weight("hidden-owner"))
                        .respond("suspend pid " + pid + " and capture its connections");
            } else if (partialView) {
                f.reason(what + " (inode " + s.inode() + ") is held by no process ferret could read; "
                        + "some processes' descriptors were unreadable, so this may be benign", rule.weight("no-owner-partial-view"));
            } else {
                f.reason(what + " (inode " + s.inode() + ") is held by no process in /proc", rule.weight("no-owner"))
                        .respond("find the owner: a kernel rootkit or a process in another pid namespace");
            }
            findings.add(f.build());
        }
        return findings;
    }
}
