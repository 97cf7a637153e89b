package dev.ferret.respond;

import dev.ferret.model.PathBytes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Quoting for the equivalent commands a plan prints (POSIX shell and PowerShell). Every word names exactly the
 * bytes it was given, and a printed command is always one line: control characters and bytes that are not UTF-8
 * (carried as {@link PathBytes} escapes) are written as {@code $'\xHH'}, which bash, zsh, ksh and recent dash
 * read as those bytes.
 */
public final class Shell {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /** One word for sh: bare when safe, single-quoted when printable, else $'...' with its bytes escaped. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        if (!needsBytes(word)) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
        StringBuilder b = new StringBuilder("$'");
        byte[] bytes = PathBytes.bytes(word);
        int i = 0;
        while (i < bytes.length) {
            int c = bytes[i] & 0xff;
            if (c < 0x20 || c == 0x7f) {
                hex(b, c);
                i++;
            } else if (c == '\\' || c == '\'') {
                b.append('\\').append((char) c);
                i++;
            } else if (c < 0x80) {
                b.append((char) c);
                i++;
            } else {
                int n = utf8Length(bytes, i);
                if (n == 0) {
                    hex(b, c);
                    i++;
                } else {
                    String ch = new String(bytes, i, n, StandardCharsets.UTF_8);
                    if (printable(ch.codePointAt(0))) {
                        b.append(ch);
                    } else {
                        for (int k = 0; k < n; k++) {
                            hex(b, bytes[i + k] & 0xff);
                        }
                    }
                    i += n;
                }
            }
        }
        return b.append('\'').toString();
    }

    public static String join(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(quote(w));
        }
        return b.toString();
    }

    /**
     * A PowerShell single-quoted string literal. PowerShell also ends a single-quoted string at the typographic
     * quotes U+2018..U+201B, so those are doubled like '; a control character is written with [char] so the
     * command stays on one line.
     */
    public static String ps(String text) {
        StringBuilder b = new StringBuilder("'");
        boolean open = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(open ? "'" : "").append(" + [char]").append((int) c).append(" + '");
                open = true;
            } else if (c == '\'' || c >= '\u2018' && c <= '\u201b') {
                b.append(c).append(c);
            } else {
                b.append(c);
            }
        }
        String s = b.append('\'').toString();
        return s.contains("[char]") ? "(" + s + ")" : s;
    }

    /** True when cmd.exe reads the text inside double quotes as written (no %VAR%, !VAR!, quote or control). */
    public static boolean cmdSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '!' || c == '"' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A cmd.exe double-quoted argument (only for text {@link #cmdSafe} accepts). */
    public static String cmd(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static boolean needsBytes(String word) {
        if (PathBytes.escaped(word)) {
            return true;
        }
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (!printable(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** Printed as itself: not a control, format (bidi overrides) or separator character other than space. */
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int t = Character.getType(cp);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || t == Character.SPACE_SEPARATOR || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE);
    }

    private static void hex(StringBuilder b, int c) {
        b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
    }

    private static int utf8Length(byte[] bytes, int i) {
        int c = bytes[i] & 0xff;
        int n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        if (n == 0 || i + n > bytes.length) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((bytes[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        String s = new String(bytes, i, n, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') >= 0 ? 0 : n;
    }
}
