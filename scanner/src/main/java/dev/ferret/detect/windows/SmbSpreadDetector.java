package dev.ferret.detect.windows;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Mass outbound connections to TCP 445 from one process: a worm spreading over SMB (THREATS case 2: "many hosts
 * with huge numbers of connections on TCP 445", owned by svchost). Counts distinct destinations per owning pid;
 * half-open connections (SYN_SENT) mean scanning, and an owner that is a system process means the worm runs
 * injected. Works on any snapshot's sockets (Linux too), but the response steps are written for Windows.
 */
public final class SmbSpreadDetector implements Detector {
    static final String ID = "windows.smb-spread";
    private final WindowsDetectionData data;

    public SmbSpreadDetector() {
        this(WindowsDetectionData.builtIn());
    }

    SmbSpreadDetector(WindowsDetectionData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        int min = data.rule(ID).thresholdInt("min.destinations");
        Map<Integer, List<SocketInfo>> byOwner = new LinkedHashMap<>();
        for (SocketInfo s : snapshot.sockets()) {
            if (s.protocol().equals("tcp") && s.remote().port() == 445 && !s.listening()
                    && (s.connected() || s.state().equals("TIME_WAIT") || s.state().startsWith("FIN_WAIT"))) {
                byOwner.computeIfAbsent(s.pids().isEmpty() ? -1 : s.pids().get(0), k -> new ArrayList<>()).add(s);
            }
        }
        Optional<WindowsFacts> facts = WindowsFacts.find(snapshot);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Integer, List<SocketInfo>> e : byOwner.entrySet()) {
            List<SocketInfo> sockets = e.getValue();
            Set<String> destinations = new TreeSet<>();
            int synSent = 0;
            for (SocketInfo s : sockets) {
                destinations.add(s.remote().ip());
                if (s.state().equals("SYN_SENT")) {
                    synSent++;
                }
            }
            if (destinations.size() < min) {
                continue;
            }
            int pid = e.getKey();
            Optional<ProcessInfo> owner = pid > 0 ? snapshot.process(pid) : Optional.empty();
            String who = owner.map(WinSupport::who).orElse(pid > 0 ? "pid " + pid : "no owning process (closed)");
            boolean heavy = destinations.size() >= min * data.rule(ID).threshold("heavy.factor");
            Finding.Builder f = Finding.builder(ID, "Mass outbound SMB connections (worm spreading)")
                    .category("network").technique(context.data().rules().rule(ID).techniques("exploit-remote-services", "smb-admin-shares"))
                    .destination(new Endpoint(destinations.iterator().next(), 445))
                    .reason(who + " holds " + sockets.size() + " connections to TCP 445 on " + destinations.size()
                            + " distinct hosts (" + sample(destinations) + ")", data.rule(ID).weight(heavy
                            ? "heavy" : "spread"));
            if (synSent * 2 >= sockets.size()) {
                f.technique(context.data().rules().rule(ID).technique("network-service-discovery")).reason(synSent + " of them are half-open "
                        + "(SYN_SENT): it is scanning for SMB servers", data.rule(ID).weight("scanning"));
            }
            owner.ifPresent(p -> {
                f.process(p);
                if (WinSupport.isSystemProcess(p)) {
                    f.technique(context.data().rules().rule(ID).technique("dll-injection")).reason(WinSupport.who(p) + " is a Windows system process: "
                            + "the spreading code runs injected in it (look for its foreign modules and executable "
                            + "memory)", data.rule(ID).weight("system-process"));
                }
            });
            if (owner.isEmpty() && pid > 0) {
                f.process(ProcessRef.pidOnly(pid));
            }
            f.respond("isolate this host from the network now: it is infecting others");
            WinSupport.blockSmb(f);
            owner.ifPresent(p -> WinSupport.sharedSvchost(f, p, facts.map(x -> WinSupport.hostedServices(p, x))
                    .orElse(List.of())));
            f.respond("check every destination listed for MS17-010 and for the same infection; the earliest infected "
                    + "host is found from their logs' timestamps");
            f.respond("change the passwords of accounts used on this host, and install MS17-010 everywhere");
            findings.add(f.build());
        }
        return findings;
    }

    private static String sample(Set<String> addresses) {
        List<String> list = new ArrayList<>(addresses);
        return list.size() <= 5 ? String.join(", ", list)
                : String.join(", ", list.subList(0, 5)) + ", ... " + list.get(list.size() - 1);
    }
}
