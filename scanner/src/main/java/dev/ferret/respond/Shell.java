package dev.ferret.respond;

import java.util.List;
import java.util.regex.Pattern;

/** Quoting for the equivalent commands a plan prints (POSIX shell and PowerShell). */
public final class Shell {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /** One word for sh: bare when safe, else single-quoted. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
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

    /** A PowerShell single-quoted string literal. */
    public static String ps(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A cmd.exe double-quoted argument. */
    public static String cmd(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
