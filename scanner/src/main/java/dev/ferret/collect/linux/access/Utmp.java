package dev.ferret.collect.linux.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The utmp record format of wtmp and btmp (little-endian, as x86-64 and aarch64 write it):
 * <pre>
 * offset  glibc x86-64 (384 bytes)        64-bit time (400 bytes: aarch64 glibc, musl)
 *   0     short ut_type (+2 pad)           same
 *   4     pid_t ut_pid                     same
 *   8     char ut_line[32]                 same
 *  40     char ut_id[4]                    same
 *  44     char ut_user[32]                 same
 *  76     char ut_host[256]                same
 * 332     short e_termination, e_exit      same
 * 336     int32 ut_session                 int64 ut_session
 * 340     int32 tv_sec, 344 int32 tv_usec  344 int64 tv_sec, 352 int64 tv_usec
 * 348     int32 ut_addr_v6[4]              360 int32 ut_addr_v6[4]
 * 364     char reserved[20]                376 char reserved[20] (+4 pad)
 * </pre>
 * The 32-bit seconds are read unsigned (good until 2106).
 */
final class Utmp {
    static final int EMPTY = 0;
    static final int RUN_LVL = 1;
    static final int BOOT_TIME = 2;
    static final int NEW_TIME = 3;
    static final int OLD_TIME = 4;
    static final int INIT_PROCESS = 5;
    static final int LOGIN_PROCESS = 6;
    static final int USER_PROCESS = 7;
    static final int DEAD_PROCESS = 8;
    static final int ACCOUNTING = 9;

    /** 1980-01-01 .. 2100-01-01: a record outside is not a record of this layout. */
    private static final long MIN_TIME = 315_532_800L;
    private static final long MAX_TIME = 4_102_444_800L;

    /** The two record layouts. */
    enum Layout {
        TIME32(384, 340, 348),
        TIME64(400, 344, 360);

        final int size;
        final int timeOffset;
        final int addrOffset;

        Layout(int size, int timeOffset, int addrOffset) {
            this.size = size;
            this.timeOffset = timeOffset;
            this.addrOffset = addrOffset;
        }
    }

    /** One record. {@code time} is null for an empty record. */
    record Record(int type, int pid, String line, String user, String host, String address, Instant time,
                  boolean plausible) {
        boolean empty() {
            return type == EMPTY && user.isEmpty() && line.isEmpty() && (time == null || time.getEpochSecond() == 0);
        }

        /** The remote side: the host field, or the address field when the host is empty. */
        String source() {
            return !host.isEmpty() ? host : address == null ? "" : address;
        }
    }

    private Utmp() {
    }

    /**
     * Which layout {@code sample} (the file's first bytes) is written in: the one whose records parse as plausible
     * (known type, a time between 1980 and 2100, microseconds below a million), whole-record file sizes breaking ties.
     */
    static Layout detect(ByteBuffer sample, long fileSize) {
        int best32 = score(sample, Layout.TIME32);
        int best64 = score(sample, Layout.TIME64);
        if (best32 != best64) {
            return best32 > best64 ? Layout.TIME32 : Layout.TIME64;
        }
        if (fileSize % Layout.TIME32.size != 0 && fileSize % Layout.TIME64.size == 0) {
            return Layout.TIME64;
        }
        return Layout.TIME32;
    }

    private static int score(ByteBuffer sample, Layout layout) {
        int score = 0;
        for (int off = 0; off + layout.size <= sample.limit() && off < layout.size * 32; off += layout.size) {
            Record r = parse(sample, off, layout);
            if (r.plausible() && !r.empty()) {
                score++;
            } else if (!r.empty()) {
                score--;
            }
        }
        return score;
    }

    static Record parse(ByteBuffer b, int off, Layout layout) {
        ByteBuffer buf = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int type = buf.getShort(off);
        int pid = buf.getInt(off + 4);
        String line = string(buf, off + 8, 32);
        String user = string(buf, off + 44, 32);
        String host = string(buf, off + 76, 256);
        long sec;
        long usec;
        if (layout == Layout.TIME32) {
            sec = Integer.toUnsignedLong(buf.getInt(off + layout.timeOffset));
            usec = Integer.toUnsignedLong(buf.getInt(off + layout.timeOffset + 4));
        } else {
            sec = buf.getLong(off + layout.timeOffset);
            usec = buf.getLong(off + layout.timeOffset + 8);
        }
        String address = address(buf, off + layout.addrOffset);
        boolean plausible = type >= EMPTY && type <= ACCOUNTING && usec >= 0 && usec < 1_000_000
                && (type == EMPTY || (sec >= MIN_TIME && sec < MAX_TIME));
        Instant time = sec >= 0 && sec < MAX_TIME ? Instant.ofEpochSecond(sec, plausible ? usec * 1000 : 0) : null;
        return new Record(type, pid, line, user, host, address, time, plausible);
    }

    private static String string(ByteBuffer buf, int off, int length) {
        byte[] bytes = new byte[length];
        buf.get(off, bytes);
        int n = 0;
        while (n < length && bytes[n] != 0) {
            n++;
        }
        StringBuilder s = new StringBuilder(n);
        for (char c : new String(bytes, 0, n, StandardCharsets.UTF_8).toCharArray()) {
            s.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.toString();
    }

    private static String address(ByteBuffer buf, int off) {
        byte[] a = new byte[16];
        buf.get(off, a);
        boolean rest = false;
        boolean any = false;
        for (int i = 0; i < 16; i++) {
            any |= a[i] != 0;
            if (i >= 4) {
                rest |= a[i] != 0;
            }
        }
        if (!any) {
            return null;
        }
        try {
            return rest ? InetAddress.getByAddress(a).getHostAddress() : InetAddress.getByAddress(java.util.Arrays.copyOf(a, 4)).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Writes a record (for tests and fixtures): the inverse of {@link #parse}. */
    static byte[] write(Layout layout, int type, int pid, String line, String user, String host, Instant time,
                        byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(layout.size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) type);
        b.putInt(4, pid);
        put(b, 8, 32, line);
        put(b, 44, 32, user);
        put(b, 76, 256, host);
        if (layout == Layout.TIME32) {
            b.putInt(layout.timeOffset, (int) time.getEpochSecond());
            b.putInt(layout.timeOffset + 4, time.getNano() / 1000);
        } else {
            b.putLong(layout.timeOffset, time.getEpochSecond());
            b.putLong(layout.timeOffset + 8, time.getNano() / 1000);
        }
        if (address != null) {
            b.put(layout.addrOffset, address);
        }
        return b.array();
    }

    private static void put(ByteBuffer b, int off, int length, String value) {
        byte[] v = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        b.put(off, v, 0, Math.min(length, v.length));
    }
}
