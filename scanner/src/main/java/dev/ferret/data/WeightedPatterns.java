package dev.ferret.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parses and matches a list of {@link WeightedPattern}s. */
public final class WeightedPatterns {
    private static final int LITERAL = 3;
    private final List<WeightedPattern> patterns;
    /** Per pattern, the text every match contains (lower case), or null: tried before the regex. */
    private final String[] literals;

    public WeightedPatterns(List<WeightedPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.literals = new String[this.patterns.size()];
        for (int i = 0; i < literals.length; i++) {
            literals[i] = RegexLiteral.of(this.patterns.get(i).pattern().pattern(), LITERAL);
        }
    }

    public static WeightedPatterns parse(List<DataLine> lines, boolean caseInsensitive, List<String> problems) {
        List<WeightedPattern> result = new ArrayList<>();
        for (DataLine line : lines) {
            try {
                result.add(parseLine(line, caseInsensitive));
            } catch (MalformedDataException e) {
                problems.add(e.getMessage());
            }
        }
        return new WeightedPatterns(result);
    }

    static WeightedPattern parseLine(DataLine line, boolean caseInsensitive) throws MalformedDataException {
        // the regex may itself contain ';' — the score is the first all-digit field from the right
        String[] fields = line.text().split(";", -1);
        int scoreField = -1;
        for (int i = fields.length - 1; i >= 1; i--) {
            if (fields[i].strip().matches("\\d{1,3}")) {
                scoreField = i;
                break;
            }
        }
        if (scoreField < 0) {
            throw new MalformedDataException(line, "expected 'regex;score[;false-positive-regex]'");
        }
        String regex = String.join(";", java.util.Arrays.copyOfRange(fields, 0, scoreField));
        int score = Integer.parseInt(fields[scoreField].strip());
        if (score > 100) {
            throw new MalformedDataException(line, "score above 100");
        }
        String fp = scoreField + 1 < fields.length ? String.join(";",
                java.util.Arrays.copyOfRange(fields, scoreField + 1, fields.length)).strip() : "";
        int flags = caseInsensitive ? Pattern.CASE_INSENSITIVE : 0;
        try {
            return new WeightedPattern(Pattern.compile(regex, flags), score,
                    fp.isEmpty() ? null : Pattern.compile(fp, flags), line.comment(), line.where());
        } catch (PatternSyntaxException e) {
            throw new MalformedDataException(line, "invalid regular expression (" + e.getDescription() + ")");
        }
    }

    public List<WeightedPattern> all() {
        return patterns;
    }

    /** Every pattern that matches {@code text}. */
    public List<WeightedPattern> matching(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        // a case-insensitive regex walks the text comparing at every position: over a file's worth of text (a
        // miner-config check reads up to 256 KB of every file in /tmp) the literal's indexOf is far cheaper
        String lower = null;
        List<WeightedPattern> found = new ArrayList<>();
        for (int i = 0; i < literals.length; i++) {
            if (literals[i] != null) {
                if (lower == null) {
                    lower = text.toLowerCase(Locale.ROOT);
                }
                if (!lower.contains(literals[i])) {
                    continue;
                }
            }
            if (patterns.get(i).matches(text)) {
                found.add(patterns.get(i));
            }
        }
        return List.copyOf(found);
    }

    public int size() {
        return patterns.size();
    }
}
