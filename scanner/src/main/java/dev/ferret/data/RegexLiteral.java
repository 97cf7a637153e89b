package dev.ferret.data;

/**
 * The longest run of characters that every match of a regular expression must contain, used to prefilter
 * thousands of file-name IOCs (and every weighted pattern list) before running any regex. Conservative: an
 * alternation at the top level or a construct it does not understand yields no literal, and the pattern is then
 * always evaluated; a group with an alternation counts as unknown characters.
 */
final class RegexLiteral {
    private static final String META = ".^$*+?()[]{}|";

    private RegexLiteral() {
    }

    /** The required literal (lower case), or null when none of at least {@code minLength} chars is certain. */
    static String of(String regex, int minLength) {
        StringBuilder best = new StringBuilder();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return null;
                }
                char e = regex.charAt(++i);
                if (Character.isLetterOrDigit(e)) {
                    // \d \w \s \b \Q ... : a class or an anchor, not a literal
                    if (e == 'Q' || e == 'E' || e == 'p' || e == 'P' || e == 'x' || e == 'u' || e == 'c') {
                        return null;
                    }
                    keep(best, run);
                } else {
                    run.append(e);
                }
                continue;
            }
            if (c == '|') {
                // an alternation at the top leaves nothing certain; inside a group, only that group is uncertain
                return depth == 0 ? null : literalOutsideGroups(regex, minLength);
            }
            if (c == '[') {
                keep(best, run);
                int close = regex.indexOf(']', i + 2);
                if (close < 0) {
                    return null;
                }
                i = close;
                continue;
            }
            if (c == '?' || c == '*' || c == '{') {
                // the previous character is optional or repeated: it is not certain
                if (run.length() > 0) {
                    run.setLength(run.length() - 1);
                }
                keep(best, run);
                if (c == '{') {
                    int close = regex.indexOf('}', i);
                    if (close < 0) {
                        return null;
                    }
                    i = close;
                }
                continue;
            }
            if (c == '(') {
                depth++;
                keep(best, run);
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '?') {
                    return null; // lookarounds and flags: not worth understanding here
                }
                continue;
            }
            if (c == ')') {
                depth--;
                keep(best, run);
                // a group may be followed by ?, *, {0,...}: the group's content is then optional
                if (i + 1 < regex.length() && "?*{".indexOf(regex.charAt(i + 1)) >= 0) {
                    return depth == 0 ? literalOutsideGroups(regex, minLength) : null;
                }
                continue;
            }
            if (META.indexOf(c) >= 0) {
                keep(best, run);
                continue;
            }
            run.append(c);
        }
        keep(best, run);
        return best.length() >= minLength ? best.toString().toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** Optional groups make their content uncertain: retry with groups removed. */
    private static String literalOutsideGroups(String regex, int minLength) {
        StringBuilder flat = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (depth == 0) {
                    flat.append(c).append(regex.charAt(i + 1));
                }
                i++;
            } else if (c == '(') {
                depth++;
                if (depth == 1) {
                    flat.append('.');
                }
            } else if (c == ')') {
                depth--;
            } else if (depth == 0) {
                flat.append(c);
            }
        }
        return flat.indexOf("(") < 0 && !flat.toString().equals(regex) ? of(flat.toString(), minLength) : null;
    }

    private static void keep(StringBuilder best, StringBuilder run) {
        if (run.length() > best.length()) {
            best.setLength(0);
            best.append(run);
        }
        run.setLength(0);
    }
}
