package dev.ferret.fleet.output;

/** Report text is the suspect hosts' bytes: control characters never reach a terminal. */
public final class Safe {
    private Safe() {
    }

    public static String text(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202E) {
                b.append(String.format("\\x%02x", c & 0xff));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    public static String html(Object o) {
        return text(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
