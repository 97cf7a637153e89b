package dev.ferret.yara;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A rule's condition as tokens, enough to see its top-level structure: identifiers (module members split at
 * '.'), numbers with their KB/MB suffix, string identifiers ({@code $a #a @a !a}), operators and
 * parentheses. Text strings and regular expressions become one opaque token each; comments vanish.
 */
final class ConditionTokens {
    private ConditionTokens() {
    }

    /**
     * Where the condition of a rule body starts: just after {@code condition:} at the body's top level, skipping
     * meta values, text strings, regular expressions and hex strings. -1 when not found or not understood.
     */
    static int conditionStart(byte[] text, int from, int end) {
        int depth = 0;
        int i = from;
        while (i < end) {
            byte c = text[i];
            if (c == '/' && i + 1 < end && text[i + 1] == '/') {
                i = lineEnd(text, i, end);
            } else if (c == '/' && i + 1 < end && text[i + 1] == '*') {
                i = commentEnd(text, i, end);
            } else if (c == '"' || (c == '/' && depth == 0)) {
                i = quotedEnd(text, i, end, c);
            } else if (c == '{') {
                depth++;
                i++;
            } else if (c == '}') {
                depth--;
                i++;
            } else if (depth == 0 && isWordStart(c) && (i == from || !isWordPart(text[i - 1]))) {
                int w = i;
                while (i < end && isWordPart(text[i])) {
                    i++;
                }
                if (new String(text, w, i - w, StandardCharsets.ISO_8859_1).equals("condition")) {
                    int j = i;
                    while (j < end && Character.isWhitespace(text[j])) {
                        j++;
                    }
                    if (j < end && text[j] == ':') {
                        return j + 1;
                    }
                }
            } else {
                i++;
            }
            if (i < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** One token and where it stands in the text: bytes [{@code start}, {@code end}). */
    record Token(String text, int start, int end) {
    }

    /** Tokens of {@code text[from, to)}; null when something is not understood. */
    static List<String> of(byte[] text, int from, int to) {
        List<Token> tokens = tokens(text, from, to);
        return tokens == null ? null : tokens.stream().map(Token::text).toList();
    }

    /** Tokens of {@code text[from, to)} with their places; null when something is not understood. */
    static List<Token> tokens(byte[] text, int from, int to) {
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            byte c = text[i];
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < to && text[i + 1] == '/') {
                i = lineEnd(text, i, to);
            } else if (c == '/' && i + 1 < to && text[i + 1] == '*') {
                i = commentEnd(text, i, to);
                if (i < 0) {
                    return null;
                }
            } else if (c == '"' || c == '/') {
                int e = quotedEnd(text, i, to, c);
                if (e < 0) {
                    return null;
                }
                if (c == '/') {
                    while (e < to && isWordPart(text[e])) {
                        e++; // regex flags
                    }
                }
                out.add(new Token(c == '"' ? "\"\"" : "//", i, e));
                i = e;
            } else if (isWordPart(c) || c == '$' || c == '#' || c == '@' || c == '!' && i + 1 < to && isWordStart(text[i + 1])) {
                int w = i++;
                while (i < to && (isWordPart(text[i]) || text[i] == '*' && (c == '$' || c == '#' || c == '@'))) {
                    i++;
                }
                out.add(new Token(new String(text, w, i - w, StandardCharsets.ISO_8859_1), w, i));
            } else if ((c == '=' || c == '!' || c == '<' || c == '>') && i + 1 < to && text[i + 1] == '=') {
                out.add(new Token(new String(text, i, 2, StandardCharsets.ISO_8859_1), i, i + 2));
                i += 2;
            } else if ((c == '<' || c == '>') && i + 1 < to && text[i + 1] == c) {
                out.add(new Token(new String(text, i, 2, StandardCharsets.ISO_8859_1), i, i + 2));
                i += 2;
            } else if (c == '.' && i + 1 < to && text[i + 1] == '.') {
                out.add(new Token("..", i, i + 2));
                i += 2;
            } else if (c < 0x20 || c >= 0x7f) {
                return null;
            } else {
                out.add(new Token(String.valueOf((char) c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    private static int lineEnd(byte[] text, int i, int end) {
        while (i < end && text[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int commentEnd(byte[] text, int i, int end) {
        for (int j = i + 2; j + 1 < end; j++) {
            if (text[j] == '*' && text[j + 1] == '/') {
                return j + 2;
            }
        }
        return -1;
    }

    /** Index after the closing delimiter (escapes honoured, same line), or -1. */
    private static int quotedEnd(byte[] text, int i, int end, byte delimiter) {
        for (int j = i + 1; j < end; j++) {
            if (text[j] == '\\') {
                j++;
            } else if (text[j] == delimiter) {
                return j + 1;
            } else if (text[j] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isWordStart(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isWordPart(byte c) {
        return isWordStart(c) || c >= '0' && c <= '9';
    }

    /**
     * Positions, from {@code from} on, of the tokens {@code wanted} accepts that stand outside every parenthesis
     * and bracket opened from there.
     */
    static List<Integer> topLevel(List<String> t, int from, Predicate<String> wanted) {
        List<Integer> at = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            String x = t.get(i);
            if (x.equals("(") || x.equals("[")) {
                depth++;
            } else if (x.equals(")") || x.equals("]")) {
                depth--;
            } else if (depth == 0 && wanted.test(x)) {
                at.add(i);
            }
        }
        return at;
    }

    /** Whether as many parentheses and brackets close as open. */
    static boolean balanced(List<String> t) {
        int depth = 0;
        for (String x : t) {
            if (x.equals("(") || x.equals("[")) {
                depth++;
            } else if (x.equals(")") || x.equals("]")) {
                depth--;
            }
        }
        return depth == 0;
    }

    /** The [from, to) ranges between top-level {@code op} tokens (one range when there is none). */
    static List<int[]> ranges(List<String> t, String op) {
        List<int[]> parts = new ArrayList<>();
        int from = 0;
        for (int i : topLevel(t, 0, op::equals)) {
            parts.add(new int[] {from, i});
            from = i + 1;
        }
        parts.add(new int[] {from, t.size()});
        return parts;
    }

    /** The tokens between top-level {@code op} tokens. */
    static List<List<String>> split(List<String> t, String op) {
        List<List<String>> parts = new ArrayList<>();
        for (int[] r : ranges(t, op)) {
            parts.add(t.subList(r[0], r[1]));
        }
        return parts;
    }
}
