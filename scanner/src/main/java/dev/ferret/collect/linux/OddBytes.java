package dev.ferret.collect.linux;

/**
 * Bytes a text configuration file has no use for: NUL and the C0 controls other than tab, line feed, vertical tab,
 * form feed and carriage return, and DEL. (ESC counts: it hides text from {@code cat}.) UTF-8 text never holds them.
 *
 * @param count       how many there are
 * @param nul         how many of them are NUL
 * @param firstOffset the offset of the first one, -1 when there is none
 */
public record OddBytes(long count, long nul, long firstOffset) {
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

    public static OddBytes of(byte[] bytes, int length) {
        long count = 0;
        long nul = 0;
        long first = -1;
        for (int i = 0; i < length; i++) {
            if (odd(bytes[i])) {
                count++;
                if (bytes[i] == 0) {
                    nul++;
                }
                if (first < 0) {
                    first = i;
                }
            }
        }
        return new OddBytes(count, nul, first);
    }

    public static boolean odd(byte b) {
        return (b >= 0 && b < 0x20 && (b < 0x09 || b > 0x0d)) || b == 0x7f;
    }

    public boolean any() {
        return count > 0;
    }

    /**
     * True for a compiled program (ELF): a script directory may hold one, and it is not parsed as lines. Anything
     * else is parsed as text however many odd bytes it holds: a ratio would let an attacker hide lines behind
     * enough padding.
     */
    public static boolean elf(byte[] bytes, int length) {
        return length >= 4 && bytes[0] == ELF[0] && bytes[1] == ELF[1] && bytes[2] == ELF[2] && bytes[3] == ELF[3];
    }
}
