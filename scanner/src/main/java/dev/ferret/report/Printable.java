package dev.ferret.report;

/**
 * Host strings made safe for a terminal or a text file: every character that a terminal acts on or that hides
 * or reorders text (C0 and C1 controls, ESC, BEL, CR, LF, DEL, bidi overrides and isolates, zero-width and other
 * format characters, line and paragraph separators, lone surrogates) is shown as an escape ({@code \x1b},
 * {@code \n}, {@code \u202e}). A directory named {@code "a\e[2J"} cannot clear the responder's screen and a name
 * holding {@code "\nFAKE: nothing found"} cannot print a line of its own.
 *
 * <p>{@link #text} also doubles backslashes, so the original is recovered by {@link #unescape}; {@link #guard} leaves
 * backslashes alone and is idempotent: it is the last check of a sink, over lines that were already escaped.
 */
public final class Printable {
    /** Where {@link dev.ferret.model.PathBytes} keeps the raw bytes of non-UTF-8 names (U+F780..U+F7FF). */
    private static final int RAW_BYTE = 0xF700;

    private Printable() {
    }

    /** The host string with every unsafe character escaped and backslashes doubled (reversible). */
    public static String text(String s) {
        return s == null ? null : escape(s, true);
    }

    /** Unsafe characters escaped, backslashes kept (idempotent: for whole lines that may already hold escapes). */
    public static String guard(String s) {
        return s == null ? null : escape(s, false);
    }

    /** True when a terminal would act on the character or it hides or reorders the text around it. */
    public static boolean unsafe(int cp) {
        if ((cp >= RAW_BYTE + 0x80 && cp <= RAW_BYTE + 0xff) || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    private static String escape(String s, boolean reversible) {
        if (!needsWork(s, reversible)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' && reversible) {
                b.append("\\\\");
            } else if (cp >= RAW_BYTE + 0x80 && cp <= RAW_BYTE + 0xff) {
                // a byte of a name that is not UTF-8, carried by PathBytes: shown as that byte
                b.append(String.format("\\x%02x", cp - RAW_BYTE));
            } else if (!unsafe(cp)) {
                b.appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp < 0x80) {
                b.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        }
        return b.toString();
    }

    private static boolean needsWork(String s, boolean reversible) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (unsafe(cp) || (reversible && cp == '\\')) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** The original of a {@link #text} result. */
    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char k = s.charAt(++i);
            switch (k) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'x' -> {
                    // text() writes \xHH for ASCII controls and, from 0x80 up, for raw bytes of non-UTF-8 names
                    int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                    b.appendCodePoint(v < 0x80 ? v : RAW_BYTE + v);
                    i += 2;
                }
                case 'u' -> { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                case 'U' -> { b.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16)); i += 8; }
                default -> b.append(k);
            }
        }
        return b.toString();
    }
}
