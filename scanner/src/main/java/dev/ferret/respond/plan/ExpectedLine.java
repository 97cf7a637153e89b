package dev.ferret.respond.plan;

/**
 * A line to remove from a file, as the scan saw it. The file may have changed since: the line is looked for at
 * its number first and elsewhere in the file second, and it is only ever removed when its text still matches.
 *
 * @param line 1-based line number at scan time
 * @param text what identifies the line (see {@link Match})
 */
public record ExpectedLine(int line, String text, Match match) {
    /** How {@code text} is compared with a line of the file (without its line terminator). */
    public enum Match {
        /** A crontab line: not a comment, and ending with the command (after its schedule and user fields). */
        CRON_COMMAND,
        /** The stripped line equals the text; shell continuation lines ({@code \}) joined as the scan joined them. */
        EXACT,
        /** The stripped line contains the text (LD_PRELOAD assignments, lines of other mechanisms). */
        CONTAINS,
        /** An authorized_keys line whose abbreviated form (options, type, fingerprint, comment) is the text. */
        AUTHORIZED_KEY,
        /** "a ; b ; c" as a copy-run-delete finding quotes several lines: each part is one line, in order. */
        SEQUENCE,
        /** An INI section (supervisord [program:x]): the line holds the text; its whole section goes. */
        SECTION
    }
}
