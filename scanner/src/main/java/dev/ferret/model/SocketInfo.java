package dev.ferret.model;

import java.util.List;

/**
 * A socket from the kernel's tables, joined to the processes that hold it.
 *
 * @param protocol "tcp" or "udp"
 * @param state    TCP state name (ESTABLISHED, LISTEN, ...), or UNCONN/ESTABLISHED for UDP
 * @param inode    the socket inode; 0 for sockets no file descriptor refers to (TIME_WAIT...)
 * @param pids     processes with a descriptor on this inode; empty when no visible process owns it
 */
public record SocketInfo(String protocol, int family, Endpoint local, Endpoint remote, String state, int uid,
                         long inode, List<Integer> pids) {
    public SocketInfo {
        pids = List.copyOf(pids);
    }

    public boolean listening() {
        return "LISTEN".equals(state) || ("udp".equals(protocol) && remote.port() == 0);
    }

    public boolean connected() {
        return "ESTABLISHED".equals(state) || "SYN_SENT".equals(state);
    }

    public SocketInfo withPids(List<Integer> owners) {
        return new SocketInfo(protocol, family, local, remote, state, uid, inode, owners);
    }
}
