package dev.ferret.yara;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule that matched.
 *
 * @param rule      rule identifier
 * @param namespace namespace the rule was compiled into
 * @param tags      rule tags, in declaration order
 * @param meta      metadata in declaration order; values are {@code String}, {@code Long} or
 *                  {@code Boolean}
 * @param strings   string matches, at most {@link YaraScanner#MAX_STRING_MATCHES_PER_RULE} per rule
 *                  (private strings are left out, as yara itself does)
 */
public record YaraMatch(String rule, String namespace, List<String> tags, Map<String, Object> meta,
                        List<StringMatch> strings) {

    public YaraMatch {
        tags = List.copyOf(tags);
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        strings = List.copyOf(strings);
    }
}
