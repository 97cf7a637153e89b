package dev.ferret.report.html;

/**
 * Makes characters that HTML escaping leaves alone but a reader cannot see visible: control characters,
 * bidi overrides and zero-width marks become backslash-x or backslash-u escapes, so a name cannot hide or reorder itself.
 */
final class VisibleText {
    private VisibleText() {
    }

    static String of(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = null;
            if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0) {
                replacement = String.format("\\x%02x", (int) c);
            } else if (c >= 0xf700 && c <= 0xf7ff) {
                // a raw byte of a non-UTF-8 name as ferret carries it (PathBytes): shown as that byte
                replacement = String.format("\\x%02x", c - 0xf700);
            } else if (c >= 0x200b && c <= 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
                    || c == 0xfeff) {
                replacement = String.format("\\u%04x", (int) c);
            }
            if (replacement != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                b.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return b == null ? s : b.toString();
    }
}
