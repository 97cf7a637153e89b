package dev.ferret.collect.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP and UDP sockets (IPv4 and IPv6) of the scanner's network namespace, joined to the processes that
 * hold them through their open descriptors. Runs after the process collector: ownership comes from the
 * socket inodes it read, hidden processes included.
 */
public final class LinuxSocketCollector implements Collector {
    private static final String AREA = "network";
    private final Path proc;

    public LinuxSocketCollector() {
        this(Path.of("/proc"));
    }

    LinuxSocketCollector(Path proc) {
        this.proc = proc;
    }

    @Override
    public String area() {
        return AREA;
    }

    @Override
    public boolean liveOnly() {
        return true;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Map<Long, List<Integer>> owners = new HashMap<>();
        List<ProcessInfo> holders = new ArrayList<>(snapshot.processes());
        snapshot.scanner().ifPresent(holders::add);
        for (ProcessInfo p : holders) {
            for (long inode : p.socketInodes()) {
                owners.computeIfAbsent(inode, k -> new ArrayList<>()).add(p.pid());
            }
        }
        List<SocketInfo> sockets = new ArrayList<>();
        read("tcp", 4, sockets, snapshot);
        read("tcp6", 6, sockets, snapshot);
        read("udp", 4, sockets, snapshot);
        read("udp6", 6, sockets, snapshot);
        List<SocketInfo> joined = new ArrayList<>(sockets.size());
        for (SocketInfo s : sockets) {
            joined.add(s.withPids(s.inode() == 0 ? List.of() : owners.getOrDefault(s.inode(), List.of())));
        }
        snapshot.coverage().add(AREA, "sockets", joined.size());
        snapshot.addSockets(joined);
    }

    private void read(String table, int family, List<SocketInfo> out, Snapshot snapshot) {
        String protocol = table.startsWith("tcp") ? "tcp" : "udp";
        try {
            out.addAll(ProcNetParser.parse(ProcFiles.read(proc.resolve("net").resolve(table)), protocol, family));
        } catch (IOException e) {
            // IPv6 disabled, or no permission: say so, never fail the scan
            snapshot.coverage().gap(AREA, "socket table unreadable: " + e.getClass().getSimpleName(),
                    "/proc/net/" + table);
        }
    }
}
