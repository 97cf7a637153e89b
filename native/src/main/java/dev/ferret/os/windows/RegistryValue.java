package dev.ferret.os.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One registry value.
 *
 * @param type REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4, REG_MULTI_SZ 7, REG_QWORD 11, ...
 * @param data String (REG_SZ, REG_EXPAND_SZ, unexpanded), List&lt;String&gt; (REG_MULTI_SZ), Long (REG_DWORD
 *             unsigned, REG_QWORD) or byte[] (everything else)
 */
public record RegistryValue(String name, int type, Object data) {
    public static final int REG_NONE = 0;
    public static final int REG_SZ = 1;
    public static final int REG_EXPAND_SZ = 2;
    public static final int REG_BINARY = 3;
    public static final int REG_DWORD = 4;
    public static final int REG_DWORD_BIG_ENDIAN = 5;
    public static final int REG_MULTI_SZ = 7;
    public static final int REG_QWORD = 11;

    public RegistryValue {
        if (data instanceof List<?> list) {
            data = List.copyOf(list);
        }
    }

    /** Decodes raw value bytes as RegEnumValue returns them (UTF-16LE strings, little-endian numbers). */
    public static RegistryValue decode(String name, int type, byte[] bytes, int length) {
        int n = Math.max(0, Math.min(length, bytes.length));
        return switch (type) {
            case REG_SZ, REG_EXPAND_SZ -> new RegistryValue(name, type, utf16z(bytes, 0, n));
            case REG_MULTI_SZ -> new RegistryValue(name, type, multi(bytes, n));
            case REG_DWORD -> n >= 4 ? new RegistryValue(name, type,
                    ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL)
                    : new RegistryValue(name, type, java.util.Arrays.copyOf(bytes, n));
            case REG_DWORD_BIG_ENDIAN -> n >= 4 ? new RegistryValue(name, type,
                    ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xFFFFFFFFL)
                    : new RegistryValue(name, type, java.util.Arrays.copyOf(bytes, n));
            case REG_QWORD -> n >= 8 ? new RegistryValue(name, type,
                    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                    : new RegistryValue(name, type, java.util.Arrays.copyOf(bytes, n));
            default -> new RegistryValue(name, type, java.util.Arrays.copyOf(bytes, n));
        };
    }

    /** The value as text: strings as they are, the first line of a multi-string, numbers in decimal. */
    public String text() {
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof List<?> list) {
            return list.isEmpty() ? "" : String.valueOf(list.get(0));
        }
        if (data instanceof Long l) {
            return Long.toString(l);
        }
        return null;
    }

    /** Every string of a multi-string (or the one string of a string value). */
    public List<String> lines() {
        if (data instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            list.forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
        if (data instanceof String s) {
            return List.of(s);
        }
        return List.of();
    }

    /** The numeric value, or null when the value is not a number. */
    public Long number() {
        if (data instanceof Long l) {
            return l;
        }
        if (data instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String utf16z(byte[] bytes, int from, int to) {
        int end = from;
        while (end + 1 < to && !(bytes[end] == 0 && bytes[end + 1] == 0)) {
            end += 2;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_16LE);
    }

    private static List<String> multi(byte[] bytes, int n) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at + 1 < n) {
            String s = utf16z(bytes, at, n);
            if (s.isEmpty()) {
                break;
            }
            out.add(s);
            at += (s.length() + 1) * 2;
        }
        return out;
    }
}
