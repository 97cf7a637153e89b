package dev.ferret.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds which of many {@link WeightedPattern}s match a text without running every regex: each pattern's
 * required literal is indexed by its first three characters, and only patterns whose literal occurs in the
 * text are evaluated. Community file-name IOC lists hold thousands of patterns; a sweep tests every path.
 */
final class PatternIndex {
    private static final int GRAM = 3;

    private final Map<String, List<Indexed>> byGram = new HashMap<>();
    private final List<WeightedPattern> unindexed = new ArrayList<>();

    private record Indexed(String literal, WeightedPattern pattern) {
    }

    PatternIndex(List<WeightedPattern> patterns) {
        for (WeightedPattern p : patterns) {
            String literal = RegexLiteral.of(p.pattern().pattern(), GRAM);
            if (literal == null) {
                unindexed.add(p);
            } else {
                byGram.computeIfAbsent(literal.substring(0, GRAM), k -> new ArrayList<>()).add(new Indexed(literal, p));
            }
        }
    }

    List<WeightedPattern> matching(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<WeightedPattern> result = new LinkedHashSet<>();
        for (int i = 0; i + GRAM <= lower.length(); i++) {
            List<Indexed> candidates = byGram.get(lower.substring(i, i + GRAM));
            if (candidates == null) {
                continue;
            }
            for (Indexed c : candidates) {
                if (lower.startsWith(c.literal(), i) && c.pattern().matches(text)) {
                    result.add(c.pattern());
                }
            }
        }
        for (WeightedPattern p : unindexed) {
            if (p.matches(text)) {
                result.add(p);
            }
        }
        return new ArrayList<>(result);
    }

    int unindexedCount() {
        return unindexed.size();
    }
}
