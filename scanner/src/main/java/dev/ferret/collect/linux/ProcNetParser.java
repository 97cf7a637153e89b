package dev.ferret.collect.linux;

import dev.ferret.model.Endpoint;
import dev.ferret.model.SocketInfo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6}. Addresses are hex in the kernel's byte order: each 32-bit word
 * of the address is printed as a native-endian (little-endian on x86 and arm64) integer.
 */
public final class ProcNetParser {
    private static final String[] TCP_STATES = {"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
        "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private ProcNetParser() {
    }

    public static List<SocketInfo> parse(String text, String protocol, int family) {
        List<SocketInfo> result = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                Endpoint local = endpoint(f[1]);
                Endpoint remote = endpoint(f[2]);
                int st = Integer.parseInt(f[3], 16);
                String state = protocol.equals("tcp")
                        ? (st < TCP_STATES.length ? TCP_STATES[st] : "UNKNOWN")
                        : (st == 1 ? "ESTABLISHED" : "UNCONN");
                result.add(new SocketInfo(protocol, family, local, remote, state, Integer.parseInt(f[7]),
                        Long.parseLong(f[9]), List.of()));
            } catch (RuntimeException | UnknownHostException e) {
                // a malformed line is skipped; the kernel does not produce them
            }
        }
        return result;
    }

    static Endpoint endpoint(String hex) throws UnknownHostException {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        if (port < 0 || port > 0xFFFF) { // the kernel writes 4 hex digits: a sign or more digits is not a socket line
            throw new NumberFormatException("port " + hex.substring(colon + 1) + " is past 65535");
        }
        byte[] bytes = new byte[addr.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(addr.substring(at, at + 2), 16);
            }
        }
        InetAddress ip = InetAddress.getByAddress(bytes);
        String text = ip.getHostAddress();
        if (ip instanceof java.net.Inet6Address && text.startsWith("0:0:0:0:0:ffff:")) {
            // IPv4-mapped: report as the IPv4 address the connection really uses
            text = InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
        } else if (ip instanceof java.net.Inet6Address) {
            text = compress(text);
        }
        return new Endpoint(text, port);
    }

    /** Shortest IPv6 text (RFC 5952-like): the longest run of zero groups becomes "::". */
    static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return left + "::" + right;
    }
}
