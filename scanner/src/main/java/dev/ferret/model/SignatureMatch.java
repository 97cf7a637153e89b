package dev.ferret.model;

import java.util.List;
import java.util.Map;

/**
 * A YARA rule that matched, reduced to what a report needs.
 *
 * @param strings matched strings as "identifier@offset", a bounded few
 */
public record SignatureMatch(String rule, String namespace, List<String> tags, Map<String, String> meta,
                             List<String> strings) {
    public SignatureMatch {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        strings = List.copyOf(strings);
    }

    /** The rule's own score (community convention: meta 'score', 0–100), or the fallback. */
    public int score(int fallback) {
        try {
            String s = meta.get("score");
            return s == null ? fallback : Math.max(0, Math.min(100, Integer.parseInt(s.strip())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public String description() {
        return meta.getOrDefault("description", "");
    }
}
