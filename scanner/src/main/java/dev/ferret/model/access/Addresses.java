package dev.ferret.model.access;

/** Small judgements on address text shared by collectors and detectors. */
public final class Addresses {
    private Addresses() {
    }

    /** 127.0.0.0/8, ::1, localhost, and IPv4-mapped loopback. */
    public static boolean loopback(String ip) {
        if (ip == null) {
            return false;
        }
        String s = ip.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("::ffff:")) {
            s = s.substring(7);
        }
        return s.startsWith("127.") || s.equals("::1") || s.equals("localhost") || s.equals("0:0:0:0:0:0:0:1");
    }

    /** Every interface: 0.0.0.0, ::, *, or an empty bind. */
    public static boolean allInterfaces(String ip) {
        if (ip == null) {
            return false;
        }
        String s = ip.strip();
        return s.equals("0.0.0.0") || s.equals("::") || s.equals("*") || s.equals("[::]") || s.equals("0:0:0:0:0:0:0:0")
                || s.equals("::0");
    }

    /** RFC 1918, link-local, CGNAT and IPv6 unique-local addresses: reachable from a LAN, not the internet. */
    public static boolean privateAddress(String ip) {
        if (ip == null) {
            return false;
        }
        String s = ip.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("10.") || s.startsWith("192.168.") || s.startsWith("169.254.") || s.startsWith("fe80:")
                || s.startsWith("fc") || s.startsWith("fd")) {
            return true;
        }
        String[] p = s.split("\\.");
        if (p.length == 4) {
            try {
                int a = Integer.parseInt(p[0]);
                int b = Integer.parseInt(p[1]);
                return (a == 172 && b >= 16 && b <= 31) || (a == 100 && b >= 64 && b <= 127);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
