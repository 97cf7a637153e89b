package dev.ferret.os.windows;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;

import java.util.ArrayList;
import java.util.List;

/** TCP and UDP tables with owning pids (GetExtendedTcpTable / GetExtendedUdpTable), IPv4 and IPv6. */
public final class NetTables {
    static final int AF_INET = 2;
    static final int AF_INET6 = 23;
    static final int TCP_TABLE_OWNER_PID_ALL = 5;
    static final int UDP_TABLE_OWNER_PID = 1;
    private static final int ERROR_INSUFFICIENT_BUFFER = 122;
    private static final int ERROR_NOT_SUPPORTED = 50;

    private NetTables() {
    }

    public static List<SocketRow> tcp() throws WindowsException {
        List<SocketRow> rows = new ArrayList<>(NetTableParser.tcp4(table(true, AF_INET)));
        rows.addAll(NetTableParser.tcp6(table(true, AF_INET6)));
        return rows;
    }

    public static List<SocketRow> udp() throws WindowsException {
        List<SocketRow> rows = new ArrayList<>(NetTableParser.udp4(table(false, AF_INET)));
        rows.addAll(NetTableParser.udp6(table(false, AF_INET6)));
        return rows;
    }

    private static byte[] table(boolean tcp, int family) throws WindowsException {
        Windows.require();
        IPHlpAPI api = IPHlpAPI.INSTANCE;
        IntByReference size = new IntByReference(0);
        int cls = tcp ? TCP_TABLE_OWNER_PID_ALL : UDP_TABLE_OWNER_PID;
        int rc = tcp ? api.GetExtendedTcpTable(null, size, false, family, cls, 0)
                : api.GetExtendedUdpTable(null, size, false, family, cls, 0);
        for (int attempt = 0; attempt < 5; attempt++) {
            if (rc == ERROR_NOT_SUPPORTED) {
                return new byte[0]; // no IPv6 stack
            }
            if (rc != 0 && rc != ERROR_INSUFFICIENT_BUFFER) {
                throw new WindowsException((tcp ? "GetExtendedTcpTable" : "GetExtendedUdpTable") + " family " + family,
                        rc);
            }
            // the table grows between the two calls on a busy host (a worm opens hundreds of connections a second)
            int capacity = Math.max(4, size.getValue()) + 64 * 1024;
            try (Memory m = new Memory(capacity)) {
                size.setValue(capacity);
                rc = tcp ? api.GetExtendedTcpTable(m, size, false, family, cls, 0)
                        : api.GetExtendedUdpTable(m, size, false, family, cls, 0);
                if (rc == 0) {
                    return m.getByteArray(0, Math.min(capacity, size.getValue()));
                }
            }
        }
        throw new WindowsException("socket table kept growing", rc);
    }
}
