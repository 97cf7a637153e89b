package dev.ferret.yara;

import com.sun.jna.Pointer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** C strings in and out of libyara, with the encoding chosen here rather than by the platform. */
final class NativeStrings {

    // File names go to fopen(): encode them the way the JVM itself does for file system calls.
    private static final Charset FILE_NAMES = fileNameCharset();

    private NativeStrings() {
    }

    /** UTF-8 with a terminating NUL, for identifiers, namespaces and external values. */
    static byte[] c(String s) {
        return terminated(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] path(Path p) {
        return terminated(p.toString().getBytes(FILE_NAMES));
    }

    /** Copies raw bytes (a rule file as read from disk) and appends the NUL libyara expects. */
    static byte[] terminated(byte[] raw) {
        return Arrays.copyOf(raw, raw.length + 1);
    }

    /** Reads the C string at {@code p + offset} as UTF-8 (malformed bytes become U+FFFD). */
    static String read(Pointer p, long offset) {
        if (p == null) {
            return null;
        }
        long length = p.indexOf(offset, (byte) 0); // counted from offset
        return new String(p.getByteArray(offset, (int) length), StandardCharsets.UTF_8);
    }

    /** Reads the {@code char*} stored at {@code p + offset}; null for a NULL pointer. */
    static String readPointed(Pointer p, long offset) {
        return read(p.getPointer(offset), 0);
    }

    private static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
