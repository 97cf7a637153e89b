package dev.ferret.model;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * File names are bytes on Linux, and a name that is not UTF-8 ({@code bad\xff}) loses its bytes in
 * {@link Path#toString()}. ferret carries such a path in its usual String, losslessly: every byte that is not part
 * of valid UTF-8 becomes one character U+F700+byte (a private-use block), and so does every byte of a name's own
 * U+F700..U+F7FF characters, so the mapping is one-to-one. {@link #bytes} gives the exact bytes back, {@link #path}
 * a {@link Path} that names exactly that file, {@link #readable} the lossy text reports show.
 */
public final class PathBytes {
    private static final char BASE = '\uF700';
    private static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));
    // Windows names are UTF-16 text, never raw bytes: a Path's text is exact there (and the byte machinery, which
    // builds file: URIs from "/", does not apply)
    private static final boolean TEXT_NAMES = java.io.File.separatorChar != '/';

    private PathBytes() {
    }

    /** The path as ferret carries it: its plain text when that is exact, else with its raw bytes escaped. */
    public static String text(Path p) {
        String s = p.toString();
        if (TEXT_NAMES || (UTF8_NAMES && clean(s))) {
            return s;
        }
        return decode(raw(p));
    }

    /** True when the string carries raw bytes (its text alone would not name the file). */
    public static boolean escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The exact bytes of a path string from {@link #text}. */
    public static byte[] bytes(String s) {
        if (!escaped(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s.charAt(i))) {
                out.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                out.write(s.charAt(i) - BASE);
                plain = i + 1;
            }
        }
        out.writeBytes(s.substring(plain).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The string {@link #text} gives for these bytes. */
    public static String decode(byte[] raw) {
        StringBuilder b = new StringBuilder(raw.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int i = 0;
        while (i < raw.length) {
            int n = sequence(raw, i);
            if (n == 0) {
                b.append((char) (BASE + (raw[i] & 0xff)));
                i++;
                continue;
            }
            String ch;
            try {
                ch = utf8.decode(ByteBuffer.wrap(raw, i, n)).toString();
            } catch (CharacterCodingException e) {
                ch = null;
            }
            if (ch == null || ch.length() == 1 && isEscape(ch.charAt(0))) {
                for (int k = 0; k < n; k++) {
                    b.append((char) (BASE + (raw[i + k] & 0xff)));
                }
            } else {
                b.append(ch);
            }
            i += n;
        }
        return b.toString();
    }

    /** Readable text for reports: invalid bytes shown as U+FFFD. */
    public static String readable(String s) {
        return s == null || !escaped(s) ? s : StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes(s))).toString();
    }

    /** The exact bytes in base64 when the string carries raw bytes, else null. */
    public static String rawBase64(String s) {
        return s == null || !escaped(s) ? null : Base64.getEncoder().encodeToString(bytes(s));
    }

    /** The string for base64 raw bytes from a report. */
    public static String fromBase64(String base64) {
        return decode(Base64.getDecoder().decode(base64));
    }

    /** A Path that names exactly the file of an absolute path string from {@link #text}. */
    public static Path path(String s) {
        if (TEXT_NAMES || (UTF8_NAMES && !escaped(s))) {
            return Path.of(s);
        }
        return Path.of(URI.create("file://" + percent(bytes(s))));
    }

    /** A symlink target (absolute or relative) with its exact bytes. */
    public static Path linkTarget(String target) {
        if (TEXT_NAMES || (UTF8_NAMES && !escaped(target))) {
            return Path.of(target);
        }
        if (target.startsWith("/")) {
            return path(target);
        }
        Path abs = path("/" + target);
        return abs.getRoot().relativize(abs);
    }

    /** {@code dir.resolve(name)}, exact for a name that carries raw bytes. */
    public static Path resolve(Path dir, String name) {
        if (TEXT_NAMES || (UTF8_NAMES && !escaped(name))) {
            return dir.resolve(name);
        }
        String base = text(dir.toAbsolutePath());
        return path((base.endsWith("/") ? base : base + "/") + name);
    }

    private static boolean isEscape(char c) {
        return c >= BASE && c <= BASE + 0xff;
    }

    private static boolean clean(String s) {
        return s.indexOf('\uFFFD') < 0 && !escaped(s);
    }

    /** The path's bytes, from its file URI (which percent-encodes them). */
    private static byte[] raw(Path p) {
        Path abs = p.isAbsolute() ? p : Path.of("/").resolve(p);
        String uri = abs.toUri().getRawPath();
        byte[] bytes = unpercent(uri);
        int len = bytes.length;
        if (len > 1 && bytes[len - 1] == '/' && !p.toString().endsWith("/")) {
            len--; // toUri adds a slash to a directory
        }
        int from = p.isAbsolute() ? 0 : 1;
        byte[] out = new byte[Math.max(len - from, 0)];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    private static byte[] unpercent(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String percent(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 3);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Length of the well-formed UTF-8 sequence at {@code i}, or 0 when the byte there starts none. */
    private static int sequence(byte[] raw, int i) {
        int c = raw[i] & 0xff;
        int n;
        int min;
        if (c < 0x80) {
            return 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > raw.length) {
            return 0;
        }
        int cp = c & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int t = raw[i + k] & 0xff;
            if ((t & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | t & 0x3f;
        }
        if (cp < min || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff) {
            return 0;
        }
        return n;
    }
}
