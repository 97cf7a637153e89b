package dev.ferret.os.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the buffers GetExtendedTcpTable (TCP_TABLE_OWNER_PID_ALL) and GetExtendedUdpTable (UDP_TABLE_OWNER_PID)
 * fill: a DWORD row count, then fixed-size rows of DWORDs and byte arrays. Addresses are in network byte order as
 * stored; ports are in network byte order in the low 16 bits of a DWORD (so the first two bytes in memory).
 */
public final class NetTableParser {
    static final int TCP4_ROW = 24;
    static final int TCP6_ROW = 56;
    static final int UDP4_ROW = 12;
    static final int UDP6_ROW = 28;

    private static final String[] TCP_STATES = {"UNKNOWN", "CLOSE", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED",
        "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB"};

    private NetTableParser() {
    }

    /** The Linux-style state name (as ferret's socket records use) of a MIB_TCP_STATE value. */
    public static String tcpStateName(int state) {
        return state > 0 && state < TCP_STATES.length ? TCP_STATES[state] : "UNKNOWN";
    }

    public static List<SocketRow> tcp4(byte[] b) {
        List<SocketRow> rows = new ArrayList<>();
        int n = count(b, TCP4_ROW);
        for (int i = 0; i < n; i++) {
            int o = 4 + i * TCP4_ROW;
            rows.add(new SocketRow("tcp", 4, ipv4(b, o + 4), port(b, o + 8), ipv4(b, o + 12), port(b, o + 16),
                    le32(b, o), le32(b, o + 20)));
        }
        return rows;
    }

    public static List<SocketRow> tcp6(byte[] b) {
        List<SocketRow> rows = new ArrayList<>();
        int n = count(b, TCP6_ROW);
        for (int i = 0; i < n; i++) {
            int o = 4 + i * TCP6_ROW;
            rows.add(new SocketRow("tcp", 6, ipv6(b, o), port(b, o + 20), ipv6(b, o + 24), port(b, o + 44),
                    le32(b, o + 48), le32(b, o + 52)));
        }
        return rows;
    }

    public static List<SocketRow> udp4(byte[] b) {
        List<SocketRow> rows = new ArrayList<>();
        int n = count(b, UDP4_ROW);
        for (int i = 0; i < n; i++) {
            int o = 4 + i * UDP4_ROW;
            rows.add(new SocketRow("udp", 4, ipv4(b, o), port(b, o + 4), "0.0.0.0", 0, 0, le32(b, o + 8)));
        }
        return rows;
    }

    public static List<SocketRow> udp6(byte[] b) {
        List<SocketRow> rows = new ArrayList<>();
        int n = count(b, UDP6_ROW);
        for (int i = 0; i < n; i++) {
            int o = 4 + i * UDP6_ROW;
            rows.add(new SocketRow("udp", 6, ipv6(b, o), port(b, o + 20), "::", 0, 0, le32(b, o + 24)));
        }
        return rows;
    }

    /** Rows the buffer really holds: never more than fit, whatever the count field says. */
    private static int count(byte[] b, int rowSize) {
        if (b.length < 4) {
            return 0;
        }
        long declared = le32(b, 0) & 0xFFFFFFFFL;
        return (int) Math.min(declared, (b.length - 4) / rowSize);
    }

    static int le32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    static int port(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
    }

    static String ipv4(byte[] b, int o) {
        return (b[o] & 0xFF) + "." + (b[o + 1] & 0xFF) + "." + (b[o + 2] & 0xFF) + "." + (b[o + 3] & 0xFF);
    }

    /** RFC 5952 text: lower-case hex, leading zeros dropped, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] b, int o) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[o + 2 * i] & 0xFF) << 8 | (b[o + 2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
