package dev.ferret.collect.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The target of a shell link (.lnk, [MS-SHLLINK]): LinkInfo's local base path (plus common path suffix) and the
 * command-line arguments string. Enough to know what a Startup-folder shortcut starts; malformed input gives null
 * fields, never an exception past {@link #parse}.
 */
public record LnkFile(String target, String arguments) {
    private static final int HEADER_SIZE = 0x4C;
    private static final int HAS_ID_LIST = 0x1;
    private static final int HAS_LINK_INFO = 0x2;
    private static final int HAS_NAME = 0x4;
    private static final int HAS_RELATIVE_PATH = 0x8;
    private static final int HAS_WORKING_DIR = 0x10;
    private static final int HAS_ARGUMENTS = 0x20;
    private static final int IS_UNICODE = 0x80;
    private static final int VOLUME_ID_AND_LOCAL_BASE_PATH = 0x1;

    public static LnkFile parse(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < HEADER_SIZE || b.getInt(0) != HEADER_SIZE) {
                return new LnkFile(null, null);
            }
            int flags = b.getInt(0x14);
            int at = HEADER_SIZE;
            if ((flags & HAS_ID_LIST) != 0) {
                at += 2 + (b.getShort(at) & 0xFFFF);
            }
            String target = null;
            if ((flags & HAS_LINK_INFO) != 0) {
                int infoSize = b.getInt(at);
                int headerSize = b.getInt(at + 4);
                int infoFlags = b.getInt(at + 8);
                if ((infoFlags & VOLUME_ID_AND_LOCAL_BASE_PATH) != 0) {
                    if (headerSize >= 0x24) {
                        int base = b.getInt(at + 0x1C);
                        int suffix = b.getInt(at + 0x20);
                        target = utf16z(bytes, at + base) + (suffix > 0 ? utf16z(bytes, at + suffix) : "");
                    } else {
                        int base = b.getInt(at + 0x10);
                        int suffix = b.getInt(at + 0x18);
                        Charset ansi = Charset.forName("windows-1252");
                        target = ansiz(bytes, at + base, ansi) + (suffix > 0 ? ansiz(bytes, at + suffix, ansi) : "");
                    }
                }
                at += infoSize;
            }
            boolean unicode = (flags & IS_UNICODE) != 0;
            String arguments = null;
            for (int bit : new int[] {HAS_NAME, HAS_RELATIVE_PATH, HAS_WORKING_DIR, HAS_ARGUMENTS}) {
                if ((flags & bit) == 0) {
                    continue;
                }
                int chars = b.getShort(at) & 0xFFFF;
                int length = unicode ? chars * 2 : chars;
                String s = new String(bytes, at + 2, length, unicode ? StandardCharsets.UTF_16LE
                        : Charset.forName("windows-1252"));
                at += 2 + length;
                if (bit == HAS_ARGUMENTS) {
                    arguments = s;
                }
            }
            return new LnkFile(target == null || target.isEmpty() ? null : target, arguments);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return new LnkFile(null, null);
        }
    }

    private static String utf16z(byte[] b, int at) {
        int end = at;
        while (end + 1 < b.length && !(b[end] == 0 && b[end + 1] == 0)) {
            end += 2;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_16LE);
    }

    private static String ansiz(byte[] b, int at, Charset charset) {
        int end = at;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, charset);
    }
}
