package dev.ferret.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrapping for an 80-column terminal, with hanging indents. The text is escaped first ({@link Printable#text}):
 * a host string with a line feed or an escape sequence wraps as the visible escapes, never as its own line.
 */
final class TextWrap {
    private TextWrap() {
    }

    /** Lines of at most {@code width} characters: the first starts with {@code first}, the rest with {@code rest}. */
    static List<String> wrap(String text, int width, String first, String rest) {
        return wrapEscaped(Printable.text(text), width, first, rest);
    }

    /** As {@link #wrap} for text whose host parts were escaped already (only {@link Printable#guard} is applied). */
    static List<String> wrapEscaped(String escaped, int width, String first, String rest) {
        String text = Printable.guard(escaped);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int prefix = first.length();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            while (word.length() > width - rest.length()) {
                // a path or hash longer than a line: break it hard
                if (line.length() > prefix) {
                    lines.add(line.toString());
                    line = new StringBuilder(rest);
                    prefix = rest.length();
                }
                int room = width - line.length();
                lines.add(line + word.substring(0, room));
                word = word.substring(room);
                line = new StringBuilder(rest);
            }
            if (line.length() > prefix && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                prefix = rest.length();
            }
            if (line.length() > prefix) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > prefix || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
