package dev.ferret.data;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address literal checks that never trigger a DNS lookup (a scan must not resolve names). */
public final class IpLiteral {
    private static final java.util.regex.Pattern V4 =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final java.util.regex.Pattern V6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    public static boolean looksLikeAddress(String text) {
        return V4.matcher(text).matches() || (V6.matcher(text).matches() && text.length() >= 2);
    }

    /** The address bytes of a literal, or null when it is not one. */
    public static byte[] bytes(String literal) {
        if (literal == null || !looksLikeAddress(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
