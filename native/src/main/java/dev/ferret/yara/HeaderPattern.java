package dev.ferret.yara;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Bytes a file must have at fixed offsets of its first {@value #WIDTH}: what a term such as
 * {@code uint16(0) == 0x5a4d} or {@code uint32be(0) == 0x7f454c46} demands. Held as a mask (which bytes are
 * fixed) and their values, one byte per 8 bits of a long, offset 0 in the lowest byte.
 */
record HeaderPattern(long mask, long value) {
    static final int WIDTH = 8;

    /** The pattern a term demands, or null when the term is not an unsigned read at a constant offset compared to a constant. */
    static HeaderPattern of(List<String> term) {
        List<String> t = RuleFacts.unwrap(term);
        if (t.size() != 6) {
            return null;
        }
        // uintN(off) == v  or  v == uintN(off)
        if (t.get(1).equals("(") && t.get(3).equals(")") && t.get(4).equals("==")) {
            return of(t.get(0), t.get(2), t.get(5));
        }
        if (t.get(1).equals("==") && t.get(3).equals("(") && t.get(5).equals(")")) {
            return of(t.get(2), t.get(4), t.get(0));
        }
        return null;
    }

    private static HeaderPattern of(String function, String offsetText, String valueText) {
        int bytes;
        boolean bigEndian = function.endsWith("be");
        switch (bigEndian ? function.substring(0, function.length() - 2) : function) {
            case "uint8" -> bytes = 1;
            case "uint16" -> bytes = 2;
            case "uint32" -> bytes = 4;
            default -> {
                return null;
            }
        }
        long offset = RuleFacts.number(offsetText);
        long v = RuleFacts.number(valueText);
        if (offset < 0 || offset + bytes > WIDTH || v < 0 || (bytes < 8 && v >>> (8 * bytes) != 0)) {
            return null; // out of reach, or a value the read can never return (proves nothing useful)
        }
        long mask = 0;
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            long b = bigEndian ? (v >>> (8 * (bytes - 1 - i))) & 0xff : (v >>> (8 * i)) & 0xff;
            int at = (int) offset + i;
            mask |= 0xffL << (8 * at);
            value |= b << (8 * at);
        }
        return new HeaderPattern(mask, value);
    }

    /** Some file could match both. */
    boolean consistentWith(HeaderPattern other) {
        long both = mask & other.mask;
        return (value & both) == (other.value & both);
    }

    /** Every file matching this one also matches {@code other}. */
    boolean implies(HeaderPattern other) {
        return (other.mask & ~mask) == 0 && consistentWith(other);
    }

    /**
     * Whether a file whose first bytes are {@code head} (and whose length is {@code length}) matches: a file
     * shorter than a fixed byte cannot match (YARA's read is undefined there).
     */
    boolean matches(long head, int length) {
        long needed = 64 - Long.numberOfLeadingZeros(mask);
        return length * 8L >= needed && (head & mask) == value;
    }

    /** The first bytes of a buffer as a long, offset 0 lowest. */
    static long head(ByteBuffer content) {
        long h = 0;
        int n = Math.min(WIDTH, content.limit());
        for (int i = 0; i < n; i++) {
            h |= (content.get(i) & 0xffL) << (8 * i);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < WIDTH; i++) {
            b.append(((mask >>> (8 * i)) & 0xff) == 0 ? ".." : String.format("%02x", (value >>> (8 * i)) & 0xff));
        }
        return b.toString();
    }

    static HeaderPattern parse(String text) {
        long mask = 0;
        long value = 0;
        for (int i = 0; i < WIDTH; i++) {
            String b = text.substring(2 * i, 2 * i + 2);
            if (!b.equals("..")) {
                mask |= 0xffL << (8 * i);
                value |= Long.parseLong(b, 16) << (8 * i);
            }
        }
        return new HeaderPattern(mask, value);
    }
}
