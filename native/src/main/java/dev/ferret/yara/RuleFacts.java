package dev.ferret.yara;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What can be proved about one rule from its source, without libyara: the header magic a file must start
 * with and the largest size it may have for the rule to match, read off terms of a top-level conjunction
 * ({@code uint16(0) == 0x5a4d and filesize < 2MB and ...}), plus the identifiers its condition names (the
 * rules it may depend on). Anything not understood proves nothing: {@link #header()} is null and
 * {@link #maxSize()} is {@link Long#MAX_VALUE}.
 *
 * @param header  alternatives of which the file's first bytes must match one; null when unknown
 * @param maxSize largest file size the rule can match
 */
record RuleFacts(String name, boolean isGlobal, List<HeaderPattern> header, long maxSize, Set<String> names,
                 Set<String> namePrefixes) {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "all", "any", "none", "of", "them",
            "for", "in", "at", "filesize", "entrypoint", "true", "false", "contains", "icontains", "startswith",
            "istartswith", "endswith", "iendswith", "iequals", "matches", "defined", "int8", "int16", "int32",
            "uint8", "uint16", "uint32", "int8be", "int16be", "int32be", "uint8be", "uint16be", "uint32be", "KB",
            "MB");

    /** Reads the rule in {@code text[start, end)} (one rule as {@link SourceOutline} delimits it). */
    static RuleFacts of(byte[] text, int start, int end, String name) {
        Header h = header(text, start, end);
        List<String> tokens = h.conditionStart < 0 ? null : ConditionTokens.of(text, h.conditionStart, end - 1);
        if (tokens == null) {
            return new RuleFacts(name, h.global, null, Long.MAX_VALUE, null, null);
        }
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean member = i > 0 && tokens.get(i - 1).equals(".");
            if (!member && isIdentifier(t) && !KEYWORDS.contains(t)) {
                if (i + 1 < tokens.size() && tokens.get(i + 1).equals("*")) {
                    prefixes.add(t);
                } else {
                    names.add(t);
                }
            }
        }
        Proof proof = new Proof();
        proof.conjunction(tokens);
        return new RuleFacts(name, h.global, proof.header, proof.maxSize, names, prefixes);
    }

    private record Header(boolean global, int conditionStart) {
    }

    /** Where the condition of the rule in {@code text[start, end)} starts; -1 when not found. */
    static int conditionStart(byte[] text, int start, int end) {
        return header(text, start, end).conditionStart;
    }

    /** The modifiers before {@code rule} and where the condition section starts (-1: not found). */
    private static Header header(byte[] text, int start, int end) {
        int open = -1;
        boolean global = false;
        for (int i = start; i < end; i++) {
            if (text[i] == '{') {
                open = i;
                break;
            }
        }
        if (open < 0) {
            return new Header(false, -1);
        }
        String head = new String(text, start, open - start, StandardCharsets.ISO_8859_1);
        for (String word : head.split("[^A-Za-z0-9_]+")) {
            if (word.equals("rule")) {
                break;
            }
            global |= word.equals("global");
        }
        return new Header(global, ConditionTokens.conditionStart(text, open + 1, end));
    }

    private static boolean isIdentifier(String t) {
        char c = t.charAt(0);
        return Character.isLetter(c) || c == '_';
    }

    /** Walks a top-level conjunction, keeping what each term proves. */
    private static final class Proof {
        List<HeaderPattern> header;
        long maxSize = Long.MAX_VALUE;

        void conjunction(List<String> tokens) {
            List<String> inner = unwrap(tokens);
            List<List<String>> terms = split(inner, "and");
            if (terms == null) {
                term(inner); // an 'or' at the top: only a disjunction of magics proves something
                return;
            }
            if (terms.size() > 1) {
                terms.forEach(this::conjunction);
                return;
            }
            term(inner);
        }

        private void term(List<String> t) {
            long bound = sizeBound(t);
            if (bound >= 0) {
                maxSize = Math.min(maxSize, bound);
                return;
            }
            if (header != null) {
                return; // the first header term is enough
            }
            HeaderPattern single = headerTerm(t);
            if (single != null) {
                header = List.of(single);
                return;
            }
            // a disjunction of magics, e.g. (uint16(0) == 0x5a4d or uint32(0) == 0x464c457f)
            List<List<String>> alternatives = split(unwrap(t), "or");
            if (alternatives == null || alternatives.size() < 2) {
                return;
            }
            List<HeaderPattern> patterns = new ArrayList<>();
            for (List<String> alternative : alternatives) {
                HeaderPattern p = headerTerm(alternative);
                if (p == null) {
                    return;
                }
                if (!patterns.contains(p)) {
                    patterns.add(p);
                }
            }
            header = List.copyOf(patterns);
        }
    }

    /** The header a term demands: a magic test, or a question only a parsed PE answers ({@link PeQuestions}). */
    private static HeaderPattern headerTerm(List<String> term) {
        HeaderPattern magic = HeaderPattern.of(term);
        return magic != null ? magic : PeQuestions.falsyWithoutPe(term) ? PeQuestions.MZ : null;
    }

    /** Drops parentheses around the whole list: {@code ( a and b )} → {@code a and b}. */
    static List<String> unwrap(List<String> tokens) {
        List<String> t = tokens;
        while (t.size() >= 2 && t.get(0).equals("(") && closing(t, 0) == t.size() - 1) {
            t = t.subList(1, t.size() - 1);
        }
        return t;
    }

    private static int closing(List<String> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).equals("(")) {
                depth++;
            } else if (t.get(i).equals(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Splits at top-level {@code op}; null when the other of and/or appears at the top too (precedence would
     * make the split wrong) or parentheses do not balance.
     */
    static List<List<String>> split(List<String> t, String op) {
        String other = op.equals("and") ? "or" : "and";
        if (!ConditionTokens.topLevel(t, 0, other::equals).isEmpty() || !ConditionTokens.balanced(t)) {
            return null;
        }
        List<List<String>> parts = ConditionTokens.split(t, op);
        return parts.stream().anyMatch(List::isEmpty) ? null : parts;
    }

    /** {@code filesize < N}, {@code filesize <= N}, {@code N > filesize}, {@code N >= filesize}; -1 if not one. */
    private static long sizeBound(List<String> term) {
        List<String> t = unwrap(term);
        if (t.size() != 3) {
            return -1;
        }
        String op;
        String number;
        if (t.get(0).equals("filesize")) {
            op = t.get(1);
            number = t.get(2);
        } else if (t.get(2).equals("filesize")) {
            op = switch (t.get(1)) {
                case ">" -> "<";
                case ">=" -> "<=";
                default -> "";
            };
            number = t.get(0);
        } else {
            return -1;
        }
        long n = number(number);
        if (n < 0) {
            return -1;
        }
        return switch (op) {
            case "<" -> n == 0 ? -1 : n - 1;
            case "<=" -> n;
            default -> -1;
        };
    }

    /** A non-negative integer literal (decimal, 0x hex, 0o octal, KB/MB suffix), or -1. */
    static long number(String s) {
        String t = s;
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = 1024;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("MB")) {
            unit = 1024 * 1024;
            t = t.substring(0, t.length() - 2);
        }
        try {
            String lower = t.toLowerCase(Locale.ROOT);
            long v = lower.startsWith("0x") ? Long.parseLong(t.substring(2), 16)
                    : lower.startsWith("0o") ? Long.parseLong(t.substring(2), 8) : Long.parseLong(t);
            return v < 0 || v > Long.MAX_VALUE / unit ? -1 : v * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
