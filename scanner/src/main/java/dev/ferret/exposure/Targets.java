package dev.ferret.exposure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the user typed into the addresses to probe: IPv4 and IPv6 literals, IPv4 CIDR ranges (network and
 * broadcast addresses left out for prefixes up to /30), host names, and files of them (one per line, '#'
 * comments). Literals are never looked up; only names are resolved (first address). Duplicates are dropped and the
 * order kept. More than {@link #MAX_ADDRESSES} addresses in total is refused: a typo must not start a huge sweep.
 */
public final class Targets {
    public static final int MAX_ADDRESSES = 65_536;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*\\.?");

    /** Looks up a host name; tests replace it. */
    public interface Resolver {
        InetAddress resolve(String name) throws UnknownHostException;
    }

    /** A target the user gave that cannot be used. */
    public static final class TargetException extends Exception {
        private static final long serialVersionUID = 1L;

        public TargetException(String message) {
            super(message);
        }
    }

    private Targets() {
    }

    public static List<InetAddress> parse(List<String> specs, Path file, Resolver resolver) throws TargetException {
        List<String> all = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String s : specs) {
            all.add(s);
            where.add("target '" + s + "'");
        }
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new TargetException("--targets-file: cannot read " + file + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                for (String token : line.trim().split("[\\s,]+")) {
                    if (!token.isEmpty()) {
                        all.add(token);
                        where.add(file + ":" + (i + 1));
                    }
                }
            }
        }
        Set<InetAddress> out = new LinkedHashSet<>();
        for (int i = 0; i < all.size(); i++) {
            addOne(all.get(i).trim(), where.get(i), resolver, out);
        }
        if (out.isEmpty()) {
            throw new TargetException("no targets given (addresses, CIDR ranges, host names or --targets-file)");
        }
        return List.copyOf(out);
    }

    private static void addOne(String spec, String where, Resolver resolver, Set<InetAddress> out)
            throws TargetException {
        if (spec.isEmpty()) {
            throw new TargetException(where + ": empty target");
        }
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            byte[] base = ipv4(spec.substring(0, slash));
            if (base == null) {
                throw new TargetException(where + ": '" + spec + "' is not an IPv4 CIDR range (a.b.c.d/prefix)");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) {
                throw new TargetException(where + ": '" + spec + "': the prefix must be 0 to 32");
            }
            long size = 1L << (32 - prefix);
            if (size > MAX_ADDRESSES || out.size() + size > MAX_ADDRESSES + 2L) {
                throw new TargetException(where + ": '" + spec + "' has " + size + " addresses; at most "
                        + MAX_ADDRESSES + " per run");
            }
            long b = toLong(base);
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            long first = b & mask;
            long last = first + size - 1;
            if (prefix <= 30) {
                first++;
                last--;
            }
            for (long a = first; a <= last; a++) {
                out.add(fromLong(a));
            }
        } else if (IPV4.matcher(spec).matches()) {
            byte[] a = ipv4(spec);
            if (a == null) {
                throw new TargetException(where + ": '" + spec + "' is not a valid IPv4 address");
            }
            out.add(address(a));
        } else if (spec.contains(":")) {
            if (!spec.matches("[0-9A-Fa-f:.]+")) {
                throw new TargetException(where + ": '" + spec + "' is not a valid IPv6 address");
            }
            try {
                out.add(InetAddress.getByName(spec)); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new TargetException(where + ": '" + spec + "' is not a valid IPv6 address");
            }
        } else if (NAME.matcher(spec).matches() && !spec.matches("[0-9.]+")) {
            try {
                out.add(resolver.resolve(spec));
            } catch (UnknownHostException e) {
                throw new TargetException(where + ": cannot resolve host name '" + spec + "'");
            }
        } else {
            throw new TargetException(where + ": '" + spec + "' is neither an address, a CIDR range nor a host name");
        }
        if (out.size() > MAX_ADDRESSES) {
            throw new TargetException("more than " + MAX_ADDRESSES + " addresses in total");
        }
    }

    static byte[] ipv4(String s) {
        Matcher m = IPV4.matcher(s);
        if (!m.matches()) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(m.group(i + 1));
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static long toLong(byte[] b) {
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    private static InetAddress fromLong(long a) {
        return address(new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a});
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }
}
