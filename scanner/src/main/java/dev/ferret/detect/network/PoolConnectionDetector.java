package dev.ferret.detect.network;

import dev.ferret.data.Ioc;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connections to mining pools and known C2 addresses: a listed address is strong evidence, a Stratum
 * port alone a hint that grows when the owner also burns CPU.
 */
public final class PoolConnectionDetector implements Detector {
    @Override
    public String id() {
        return "network.pool-connection";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        double hog = context.data().thresholds().number("cpu.hog.percent");
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (SocketInfo s : snapshot.sockets()) {
            if (!s.connected()) {
                continue;
            }
            Optional<Ioc> address = context.data().iocs().address(s.remote().ip());
            Optional<Ioc> port = context.data().iocs().poolPort(s.remote().port());
            if (address.isEmpty() && port.isEmpty()) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "Connection to a mining pool or C2 address")
                    .category("network").technique(rule.techniques("resource-hijacking", "application-layer-protocol"))
                    .source(s.local()).destination(s.remote());
            address.ifPresent(i -> f.reason("destination " + s.remote().ip() + " is listed: " + i.description()
                    + " (" + i.source() + ")", rule.weight("listed-address")));
            port.ifPresent(i -> f.reason(s.protocol() + " connection to port " + s.remote().port() + ": "
                    + i.description(), rule.weight("pool-port")));
            for (int pid : s.pids()) {
                Optional<ProcessInfo> owner = snapshot.process(pid);
                f.process(owner.map(ProcessRef::of).orElse(ProcessRef.pidOnly(pid)));
                owner.filter(o -> o.cpuPercent() >= hog).ifPresent(o -> f.reason(String.format(
                        "its owner %s (pid %d) uses %.0f%% of a core", o.name(), o.pid(), o.cpuPercent()), rule.weight("busy-owner")));
                break; // the first owner; all owners share the socket inode
            }
            f.respond("block " + s.remote().ip() + " at the egress firewall (iptables -A OUTPUT -d "
                    + s.remote().ip() + " -j DROP)");
            findings.add(f.build());
        }
        return findings;
    }
}
