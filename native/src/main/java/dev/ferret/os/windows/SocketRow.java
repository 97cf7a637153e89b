package dev.ferret.os.windows;

/**
 * One row of GetExtendedTcpTable / GetExtendedUdpTable with its owning pid.
 *
 * @param protocol "tcp" or "udp"
 * @param state    MIB_TCP_STATE (1 CLOSED ... 12 DELETE_TCB); 0 for UDP
 */
public record SocketRow(String protocol, int family, String localAddress, int localPort, String remoteAddress,
                        int remotePort, int state, int pid) {
}
