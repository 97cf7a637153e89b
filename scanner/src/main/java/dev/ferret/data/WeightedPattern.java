package dev.ferret.data;

import java.util.regex.Pattern;

/**
 * A regular expression with a score, in the community filename-IOC form {@code regex;score[;false-positive-regex]}.
 */
public record WeightedPattern(Pattern pattern, int score, Pattern falsePositive, String description, String source) {
    public boolean matches(String text) {
        if (text == null || !pattern.matcher(text).find()) {
            return false;
        }
        return falsePositive == null || !falsePositive.matcher(text).find();
    }

    /** The matched part of {@code text}, for evidence; null when it does not match. */
    public String excerpt(String text) {
        if (!matches(text)) {
            return null;
        }
        var m = pattern.matcher(text);
        return m.find() ? m.group() : null;
    }
}
