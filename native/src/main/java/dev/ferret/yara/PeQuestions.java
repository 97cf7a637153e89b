package dev.ferret.yara;

import dev.ferret.yara.ConditionTokens.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a condition is worth on a file libyara's pe module did not parse (no "MZ" at offset 0). The module
 * then leaves every data member and function undefined ({@code pe.is_pe} is 0, constants such as
 * {@code pe.DLL} stay defined), and YARA's documented rules for undefined values do the rest: {@code and}
 * and {@code or} take undefined as false, every other operator, {@code not} included, gives undefined.
 *
 * <p>Two uses. A rule whose condition is falsy there can only match in the MZ class ({@link RuleFacts}).
 * And in a set for files that cannot be MZ, the falsy pieces of a condition that only {@code and}/{@code or}
 * join to the top can be written as {@code false} without changing any result ({@link #rewrite}): once no
 * kept rule of a source asks the module, the source need not import it, and the module (whose declarations
 * libyara builds for every file scanned: ~0.25 ms) is not loaded for the set's files at all.
 * Checked against libyara by {@code PeProofTest} and the partition's parity test.
 */
final class PeQuestions {
    /** What the pe module needs before it parses anything: "MZ" at offset 0. */
    static final HeaderPattern MZ = new HeaderPattern(0xffffL, 0x5a4dL);

    private static final Set<String> CONNECTIVES = Set.of("and", "or", "not", "defined", "for", "of", "in", "at",
            "them", "all", "any", "none");

    private PeQuestions() {
    }

    /** False or undefined, whatever the file's bytes, when the pe module did not parse the file. */
    static boolean falsyWithoutPe(List<String> tokens) {
        List<String> t = RuleFacts.unwrap(tokens);
        if (t.isEmpty()) {
            return false;
        }
        List<List<String>> alternatives = ConditionTokens.split(t, "or");
        if (alternatives.size() > 1) {
            return alternatives.stream().allMatch(PeQuestions::falsyWithoutPe);
        }
        List<List<String>> conjuncts = ConditionTokens.split(t, "and");
        if (conjuncts.size() > 1) {
            return conjuncts.stream().anyMatch(PeQuestions::falsyWithoutPe);
        }
        if (t.get(0).equals("not")) {
            return undefinedWithoutPe(t.subList(1, t.size())); // not undefined is undefined
        }
        if (t.get(0).equals("for")) {
            return forAnyWithFalsyBody(t);
        }
        if (t.size() >= 3 && t.get(0).startsWith("$") && t.get(1).equals("at")) {
            return undefinedWithoutPe(t.subList(2, t.size()));
        }
        if (t.size() >= 3 && t.get(0).equals("pe") && t.get(1).equals(".") && t.get(2).equals("is_pe")) {
            return t.size() == 3 || t.size() == 5 && t.get(3).equals("==") && t.get(4).equals("1");
        }
        return undefinedWithoutPe(t);
    }

    /**
     * An expression led by a pe data member or function ({@code pe.exports("x")}, {@code pe.imphash() == "..."},
     * {@code pe.sections[0].name}) with only value operators at its top: undefined carries through all of them.
     */
    static boolean undefinedWithoutPe(List<String> tokens) {
        List<String> t = RuleFacts.unwrap(tokens);
        if (t.size() < 3 || !t.get(0).equals("pe") || !t.get(1).equals(".") || t.get(2).equals("is_pe")
                || !Character.isLowerCase(t.get(2).charAt(0))) {
            return false;
        }
        return ConditionTokens.topLevel(t, 0, CONNECTIVES::contains).isEmpty() && ConditionTokens.balanced(t);
    }

    /** {@code for any ... : (body)} or {@code for N ...} (N at least 1): false when no iteration can be true. */
    private static boolean forAnyWithFalsyBody(List<String> t) {
        if (t.size() < 4) {
            return false;
        }
        String quantifier = t.get(1);
        boolean atLeastOne = quantifier.equals("any")
                || RuleFacts.number(quantifier) >= 1 && !t.get(2).equals("%");
        if (!atLeastOne) {
            return false; // all and none hold over nothing; a percentage of nothing is nothing
        }
        List<Integer> colon = ConditionTokens.topLevel(t, 2, ":"::equals);
        return !colon.isEmpty() && falsyWithoutPe(t.subList(colon.get(0) + 1, t.size()));
    }

    /** One replacement of condition bytes [start, end) by {@code text}, padded with spaces (newlines kept). */
    record Edit(int start, int end, String text) {
    }

    /**
     * The pieces of a condition (its tokens, with places) that only and/or join to the top and that are falsy
     * without the pe module, each as an edit to {@code false} (or {@code ($a and false)} when the piece names
     * a string, which must stay referenced). A piece whose replacement does not fit in its first line is left.
     */
    static List<Edit> rewrite(byte[] text, List<Token> tokens) {
        List<Edit> edits = new ArrayList<>();
        rewrite(text, tokens, 0, tokens.size(), edits);
        return edits;
    }

    private static void rewrite(byte[] text, List<Token> tokens, int from, int to, List<Edit> edits) {
        List<String> words = tokens.subList(from, to).stream().map(Token::text).toList();
        while (words.size() >= 2 && words.get(0).equals("(") && RuleFacts.unwrap(words).size() < words.size()) {
            from++;
            to--;
            words = words.subList(1, words.size() - 1);
        }
        for (String op : List.of("or", "and")) {
            List<int[]> parts = ConditionTokens.ranges(words, op);
            if (parts.size() > 1) {
                for (int[] p : parts) {
                    rewrite(text, tokens, from + p[0], from + p[1], edits);
                }
                return;
            }
        }
        if (!words.contains("pe") || !falsyWithoutPe(words)) {
            return;
        }
        Set<String> strings = new LinkedHashSet<>();
        for (String w : words) {
            char c = w.charAt(0);
            if (c == '$' || c == '#' || c == '@' || c == '!') {
                if (w.length() == 1 || w.endsWith("*")) {
                    return; // an anonymous or wildcard reference cannot be kept alone
                }
                strings.add("$" + w.substring(1));
            }
        }
        if (words.contains("them")) {
            return;
        }
        StringBuilder replacement = new StringBuilder(strings.isEmpty() ? "false" : "(");
        for (String s : strings) {
            replacement.append(s).append(" and ");
        }
        if (!strings.isEmpty()) {
            replacement.append("false)");
        }
        int start = tokens.get(from).start();
        int end = tokens.get(to - 1).end();
        String r = replacement.toString();
        if (r.length() > end - start) {
            return;
        }
        for (int i = start; i < start + r.length(); i++) {
            if (text[i] == '\n' || text[i] == '\r') {
                return;
            }
        }
        edits.add(new Edit(start, end, r));
    }

    /** Applies edits to {@code text} in place; lengths and line breaks stay, so every span stays valid. */
    static void apply(byte[] text, List<Edit> edits) {
        for (Edit e : edits) {
            byte[] r = e.text().getBytes(StandardCharsets.US_ASCII);
            for (int i = e.start(); i < e.end(); i++) {
                int k = i - e.start();
                if (k < r.length) {
                    text[i] = r[k];
                } else if (text[i] != '\n' && text[i] != '\r') {
                    text[i] = ' ';
                }
            }
        }
    }

    /** Splits at every top-level {@code op}; for "or" always right (lowest precedence), for "and" once no "or" is left. */
}
