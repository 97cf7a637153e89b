package dev.ferret.exposure;

/**
 * One parsed SMB reply. The parser never trusts a length or count field: every read is checked against the bytes
 * actually received, and anything that does not fit yields {@link #problem()} instead of an exception.
 *
 * @param version 1 (SMB1 "\xFFSMB"), 2 (SMB2 "\xFESMB") or 0 when unusable
 * @param problem why the message cannot be used, or null
 */
public record SmbReply(int version, String problem, int command, int status, int tid, int uid, int mid,
                       long signature, int wordCount, byte[] words, int dialect) {

    static SmbReply bad(String why) {
        return new SmbReply(0, why, -1, 0, 0, 0, 0, 0, 0, new byte[0], -1);
    }

    public boolean ok() {
        return problem == null;
    }

    /** Parses one SMB message (a NetBIOS payload). */
    public static SmbReply parse(byte[] m) {
        if (m == null || m.length == 0) {
            return bad("empty reply (zero-length message)");
        }
        if (m.length < 4) {
            return bad("reply of " + m.length + " bytes is too short for an SMB header");
        }
        if ((m[0] & 0xFF) == 0xFE && m[1] == 'S' && m[2] == 'M' && m[3] == 'B') {
            return parseSmb2(m);
        }
        if ((m[0] & 0xFF) != 0xFF || m[1] != 'S' || m[2] != 'M' || m[3] != 'B') {
            return bad(String.format("not an SMB reply (starts %02X %02X %02X %02X)", m[0], m[1], m[2], m[3]));
        }
        if (m.length < 33) {
            return bad("SMB1 reply of " + m.length + " bytes is shorter than its 32-byte header and word count");
        }
        int command = m[4] & 0xFF;
        int status = i32(m, 5);
        long signature = i32(m, 14) & 0xFFFFFFFFL | (long) i32(m, 18) << 32;
        int tid = u16(m, 24);
        int uid = u16(m, 28);
        int mid = u16(m, 30);
        int wc = m[32] & 0xFF;
        int wordsEnd = 33 + 2 * wc;
        byte[] words;
        if (wordsEnd > m.length) {
            if (status == 0) {
                return new SmbReply(1, "word count " + wc + " runs past the end of the " + m.length
                        + "-byte reply", command, status, tid, uid, mid, signature, wc, new byte[0], -1);
            }
            words = new byte[0]; // error replies may be cut short; the status is still usable
            wc = 0;
        } else {
            words = java.util.Arrays.copyOfRange(m, 33, wordsEnd);
        }
        return new SmbReply(1, null, command, status, tid, uid, mid, signature, wc, words, -1);
    }

    private static SmbReply parseSmb2(byte[] m) {
        if (m.length < 64) {
            return bad("SMB2 reply of " + m.length + " bytes is shorter than its 64-byte header");
        }
        int status = i32(m, 8);
        int command = u16(m, 12);
        int dialect = -1;
        if (command == 0 && status == 0) {
            if (m.length < 64 + 6 || u16(m, 64) != 65) {
                return new SmbReply(2, "SMB2 NEGOTIATE reply too short or malformed", command, status, 0, 0, 0, 0,
                        0, new byte[0], -1);
            }
            dialect = u16(m, 68);
        }
        return new SmbReply(2, null, command, status, 0, 0, (int) i32(m, 24), 0, 0, new byte[0], dialect);
    }

    /** A little-endian 16-bit parameter word, or -1 when the reply does not have it. */
    public int word(int index) {
        int off = 2 * index;
        return index < 0 || off + 2 > words.length ? -1 : u16(words, off);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static String dialectName(int d) {
        return switch (d) {
            case 0x0202 -> "SMB 2.0.2";
            case 0x0210 -> "SMB 2.1";
            case 0x0300 -> "SMB 3.0";
            case 0x0302 -> "SMB 3.0.2";
            case 0x0311 -> "SMB 3.1.1";
            case 0x02FF -> "SMB 2.x (wildcard)";
            default -> String.format("dialect 0x%04X", d);
        };
    }
}
