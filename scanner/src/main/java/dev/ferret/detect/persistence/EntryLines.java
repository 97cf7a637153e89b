package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.CommandRefs;
import dev.ferret.model.PersistenceEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of a persistence entry. A line entry (a cron line, an Exec= line, a supervisord command) is
 * one line; a whole-file entry (a profile.d, init.d or cron.daily script: its command holds the file's text,
 * which always ends with a newline) is split into its non-comment lines, continuation lines joined, each with
 * its own line number — so a finding names "line 3 of /etc/profile.d/php.sh", not the whole file.
 */
final class EntryLines {
    /** One command line, and a copy of the entry narrowed to it (line number, text, references). */
    record Line(PersistenceEntry entry, int number, String text) {
    }

    private EntryLines() {
    }

    static boolean wholeFile(PersistenceEntry e) {
        return e.command() != null && e.command().indexOf('\n') >= 0;
    }

    static List<Line> of(PersistenceEntry e) {
        if (e.command() == null || e.command().isBlank()) {
            return List.of();
        }
        if (!wholeFile(e)) {
            return List.of(new Line(e, e.line(), e.command()));
        }
        List<Line> out = new ArrayList<>();
        String[] lines = e.command().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            StringBuilder text = new StringBuilder(lines[i]);
            while (text.length() > 0 && text.charAt(text.length() - 1) == '\\' && i + 1 < lines.length) {
                text.setLength(text.length() - 1);
                while (text.length() > 0 && Character.isWhitespace(text.charAt(text.length() - 1))) {
                    text.setLength(text.length() - 1);
                }
                text.append(' ').append(lines[++i].strip());
            }
            String s = text.toString().strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            out.add(new Line(narrow(e, number, s), number, s));
        }
        return out;
    }

    /** The entry narrowed to one line of its file. */
    static PersistenceEntry narrow(PersistenceEntry e, int number, String text) {
        return new PersistenceEntry(e.kind(), e.path(), number, e.user(), text, e.mtime(), CommandRefs.extract(text));
    }

    /** The first line of a file's text, for evidence about the file as a whole. */
    static String firstLine(PersistenceEntry e) {
        List<Line> lines = of(e);
        return lines.isEmpty() ? "" : lines.get(0).text();
    }
}
