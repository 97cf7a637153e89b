package dev.ferret.respond.linux;

import dev.ferret.collect.linux.persistence.AuthorizedKey;
import dev.ferret.respond.plan.ExpectedLine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Removes lines from a file's bytes and keeps every other byte as it was: line terminators (LF or CRLF) stay
 * with the lines they end, a last line without a newline stays without one, encodings are never re-encoded
 * (lines are decoded only to be compared). A line is removed only when its text still matches what the scan
 * saw: at its recorded number first, anywhere in the file second (the file may have changed since the scan).
 */
public final class LineSurgery {
    /** Lines a sequence may span, from its first part to its last. */
    private static final int SEQUENCE_WINDOW = 50;

    /**
     * The outcome.
     *
     * @param content the new content (the input itself when nothing was removed)
     * @param removed 1-based numbers of the removed lines, as numbered in the input
     * @param missing expected lines found nowhere (already removed, or changed beyond recognition)
     */
    public record Result(byte[] content, List<Integer> removed, List<ExpectedLine> missing) {
        public boolean changed() {
            return !removed.isEmpty();
        }
    }

    /** One physical line: bytes [start, end) without the terminator, which is {@code terminator} bytes long. */
    private record Line(int start, int end, int terminator, String text) {
    }

    private LineSurgery() {
    }

    public static Result remove(byte[] content, List<ExpectedLine> expected) {
        List<Line> lines = split(content);
        TreeSet<Integer> drop = new TreeSet<>();
        List<ExpectedLine> missing = new ArrayList<>();
        for (ExpectedLine e : expected) {
            List<Integer> at = e.line() >= 1 && e.line() <= lines.size() ? match(lines, e.line() - 1, e) : List.of();
            if (!at.isEmpty()) {
                drop.addAll(at);
                continue;
            }
            if (e.match() == ExpectedLine.Match.SECTION) {
                missing.add(e);
                continue;
            }
            boolean found = false;
            for (int i = 0; i < lines.size(); i++) {
                List<Integer> m = match(lines, i, e);
                if (!m.isEmpty()) {
                    drop.addAll(m);
                    found = true;
                }
            }
            if (!found) {
                missing.add(e);
            }
        }
        if (drop.isEmpty()) {
            return new Result(content, List.of(), missing);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length);
        for (int i = 0; i < lines.size(); i++) {
            if (!drop.contains(i)) {
                Line l = lines.get(i);
                out.write(content, l.start, l.end - l.start + l.terminator);
            }
        }
        List<Integer> removed = drop.stream().map(i -> i + 1).toList();
        return new Result(out.toByteArray(), removed, missing);
    }

    /**
     * Removes one library from a preload list (words separated by blanks or colons): the word and one separator
     * run next to it go, and the whole line when it named nothing else; every other byte stays.
     */
    public static Result removeWord(byte[] content, int lineNumber, String word) {
        List<Line> lines = split(content);
        List<Integer> order = new ArrayList<>();
        if (lineNumber >= 1 && lineNumber <= lines.size()) {
            order.add(lineNumber - 1);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (i != lineNumber - 1) {
                order.add(i);
            }
        }
        byte[] w = word.getBytes(StandardCharsets.UTF_8);
        for (int i : order) {
            Line l = lines.get(i);
            int end = l.end;
            while (end > l.start && (content[end - 1] == '\r')) {
                end--;
            }
            int hash = indexOf(content, l.start, end, (byte) '#');
            int activeEnd = hash >= 0 ? hash : end;
            int at = wordAt(content, l.start, activeEnd, w);
            if (at < 0) {
                continue;
            }
            int from = at;
            int to = at + w.length;
            boolean others = false;
            for (int k = l.start; k < activeEnd; k++) {
                if ((k < from || k >= to) && !separator(content[k])) {
                    others = true;
                    break;
                }
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length);
            if (!others && hash < 0) {
                out.write(content, 0, l.start);
                out.write(content, l.end + l.terminator, content.length - l.end - l.terminator);
            } else {
                if (to < activeEnd && separator(content[to])) {
                    while (to < activeEnd && separator(content[to])) {
                        to++;
                    }
                } else {
                    while (from > l.start && separator(content[from - 1])) {
                        from--;
                    }
                }
                out.write(content, 0, from);
                out.write(content, to, content.length - to);
            }
            return new Result(out.toByteArray(), List.of(i + 1), List.of());
        }
        return new Result(content, List.of(), List.of(new ExpectedLine(lineNumber, word,
                ExpectedLine.Match.CONTAINS)));
    }

    private static boolean separator(byte b) {
        return b == ' ' || b == '\t' || b == ':';
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Where {@code w} occurs in a[from, to) as a whole word (bounded by separators or the range ends). */
    private static int wordAt(byte[] a, int from, int to, byte[] w) {
        outer:
        for (int i = from; i + w.length <= to; i++) {
            for (int k = 0; k < w.length; k++) {
                if (a[i + k] != w[k]) {
                    continue outer;
                }
            }
            boolean startOk = i == from || separator(a[i - 1]);
            boolean endOk = i + w.length == to || separator(a[i + w.length]);
            if (startOk && endOk) {
                return i;
            }
        }
        return -1;
    }

    private static List<Line> split(byte[] content) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                if (i == content.length && start == content.length) {
                    break;
                }
                int end = i;
                String text = new String(content, start, end - start, StandardCharsets.UTF_8);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                lines.add(new Line(start, end, i < content.length ? 1 : 0, text));
                start = i + 1;
            }
        }
        return lines;
    }

    /** The line indices {@code e} matches when it starts at line {@code i}; empty when it does not match there. */
    private static List<Integer> match(List<Line> lines, int i, ExpectedLine e) {
        String text = lines.get(i).text.strip();
        if (e.match() != ExpectedLine.Match.SECTION && (text.isEmpty() || text.startsWith("#"))) {
            return List.of();
        }
        String want = e.text().strip();
        switch (e.match()) {
            case CRON_COMMAND -> {
                if (text.endsWith(want) && (text.length() == want.length()
                        || Character.isWhitespace(text.charAt(text.length() - want.length() - 1)))) {
                    return List.of(i);
                }
                return List.of();
            }
            case CONTAINS -> {
                return text.contains(want) ? List.of(i) : List.of();
            }
            case AUTHORIZED_KEY -> {
                Optional<AuthorizedKey> key = AuthorizedKey.parse(text);
                return key.isPresent() && key.get().abbreviated().equals(want) ? List.of(i) : List.of();
            }
            case EXACT -> {
                return exact(lines, i, want);
            }
            case SEQUENCE -> {
                List<Integer> whole = exact(lines, i, want);
                if (!whole.isEmpty()) {
                    return whole;
                }
                String[] parts = want.split(" ; ");
                List<Integer> found = new ArrayList<>(exact(lines, i, parts[0].strip()));
                if (found.isEmpty()) {
                    return List.of();
                }
                int next = found.get(found.size() - 1) + 1;
                for (int k = 1; k < parts.length; k++) {
                    List<Integer> part = List.of();
                    for (int j = next; j < Math.min(lines.size(), i + SEQUENCE_WINDOW); j++) {
                        part = exact(lines, j, parts[k].strip());
                        if (!part.isEmpty()) {
                            break;
                        }
                    }
                    if (part.isEmpty()) {
                        return List.of();
                    }
                    found.addAll(part);
                    next = part.get(part.size() - 1) + 1;
                }
                return found;
            }
            case SECTION -> {
                return section(lines, i, want);
            }
            default -> {
                return List.of();
            }
        }
    }

    /** The stripped line, or the lines joined at trailing backslashes as the scan joined them, equals {@code want}. */
    private static List<Integer> exact(List<Line> lines, int i, String want) {
        String first = lines.get(i).text;
        if (first.strip().equals(want)) {
            return List.of(i);
        }
        StringBuilder joined = new StringBuilder(first);
        List<Integer> span = new ArrayList<>(List.of(i));
        int j = i;
        while (joined.length() > 0 && joined.charAt(joined.length() - 1) == '\\' && j + 1 < lines.size()) {
            joined.setLength(joined.length() - 1);
            while (joined.length() > 0 && Character.isWhitespace(joined.charAt(joined.length() - 1))) {
                joined.setLength(joined.length() - 1);
            }
            joined.append(' ').append(lines.get(++j).text.strip());
            span.add(j);
        }
        return span.size() > 1 && joined.toString().strip().equals(want) ? span : List.of();
    }

    /**
     * An INI section whose {@code command} line is line {@code i} and names the program {@code want} runs: from
     * its [header] to the line before the next header.
     */
    private static List<Integer> section(List<Line> lines, int i, String want) {
        String text = lines.get(i).text.strip().toLowerCase(Locale.ROOT);
        if (!text.startsWith("command")) {
            return List.of();
        }
        String program = want.split("\\s+")[0];
        String name = program.substring(program.lastIndexOf('/') + 1);
        if (!lines.get(i).text.contains(name)) {
            return List.of();
        }
        int start = i;
        while (start >= 0 && !lines.get(start).text.strip().startsWith("[")) {
            start--;
        }
        if (start < 0) {
            return List.of();
        }
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).text.strip().startsWith("[")) {
            end++;
        }
        List<Integer> span = new ArrayList<>();
        for (int k = start; k < end; k++) {
            span.add(k);
        }
        return span;
    }
}
