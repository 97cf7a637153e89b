package dev.ferret.data;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 CIDR block (a single address is a /32 or /128). */
public record IpRange(byte[] network, int prefix, String text) {

    /** Parses "a.b.c.d", "a.b.c.d/n" or an IPv6 form; null when {@code text} is not an address literal. */
    public static IpRange parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String addr = slash >= 0 ? value.substring(0, slash) : value;
        if (!IpLiteral.looksLikeAddress(addr)) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            int max = bytes.length * 8;
            int prefix = slash >= 0 ? Integer.parseInt(value.substring(slash + 1)) : max;
            if (prefix < 0 || prefix > max) {
                return null;
            }
            return new IpRange(mask(bytes, prefix), prefix, value);
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(address, prefix), network);
    }

    public boolean singleAddress() {
        return prefix == network.length * 8;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        BigInteger all = new BigInteger(1, bytes);
        int bits = bytes.length * 8;
        BigInteger m = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
        byte[] raw = all.and(m).toByteArray();
        byte[] out = new byte[bytes.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }
}
