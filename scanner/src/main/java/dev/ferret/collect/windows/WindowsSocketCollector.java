package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.os.windows.NetTableParser;
import dev.ferret.os.windows.SocketRow;
import dev.ferret.os.windows.WindowsException;

import java.util.ArrayList;
import java.util.List;

/**
 * TCP and UDP sockets (IPv4 and IPv6) with their owning pid, as the same {@link SocketInfo} records the Linux
 * collector makes: states named as on Linux (ESTABLISHED, SYN_SENT, LISTEN...), UDP sockets UNCONN with an empty
 * remote end. Windows gives the owner directly, so there are no inodes (0) and TIME_WAIT rows (pid 0) have no owner.
 * A live row (listening or connected) with owner pid 0 means the table could not say who owns it (Wine's table does
 * this for every row): the socket is kept without an owner and the gap is counted, never blamed on pid 0.
 */
public final class WindowsSocketCollector extends WindowsCollector {
    static final String AREA = "network";

    public WindowsSocketCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        List<SocketInfo> sockets = new ArrayList<>();
        try {
            sources.sockets().tcp().forEach(r -> sockets.add(convert(r)));
        } catch (WindowsException e) {
            snapshot.coverage().gap(AREA, "TCP table unreadable: " + e.getMessage(), null);
        }
        try {
            sources.sockets().udp().forEach(r -> sockets.add(convert(r)));
        } catch (WindowsException e) {
            snapshot.coverage().gap(AREA, "UDP table unreadable: " + e.getMessage(), null);
        }
        long unowned = sockets.stream().filter(s -> s.pids().isEmpty() && ownerExpected(s)).count();
        if (unowned > 0) {
            snapshot.coverage().gap(AREA, "socket owner unknown: the table gave owner pid 0 for " + unowned
                    + " live sockets (connections reported without their process)", null);
        }
        snapshot.coverage().add(AREA, "sockets", sockets.size());
        snapshot.addSockets(sockets);
    }

    /** Listening and connected TCP sockets and bound UDP ones always have an owner; TIME_WAIT and CLOSED do not. */
    static boolean ownerExpected(SocketInfo s) {
        return !s.state().equals("TIME_WAIT") && !s.state().equals("CLOSE") && !s.state().equals("CLOSED");
    }

    static SocketInfo convert(SocketRow r) {
        boolean tcp = r.protocol().equals("tcp");
        String state = tcp ? NetTableParser.tcpStateName(r.state()) : "UNCONN";
        return new SocketInfo(r.protocol(), r.family(), new Endpoint(r.localAddress(), r.localPort()),
                new Endpoint(r.remoteAddress(), r.remotePort()), state, -1, 0,
                r.pid() > 0 ? List.of(r.pid()) : List.of());
    }
}
