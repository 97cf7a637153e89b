package dev.ferret.yara;

/**
 * Something left out of the compiled rules, and why.
 *
 * @param source the file path or string-source name
 * @param rule   the rule left out, or null when the whole source was left out
 * @param line   the line the reason points at (0 if none)
 * @param reason the compiler's message, or ferret's own (e.g. a duplicate rule name)
 */
public record CompileSkip(String source, String rule, int line, String reason) {

    public boolean wholeSource() {
        return rule == null;
    }

    @Override
    public String toString() {
        return source + (rule == null ? " (whole source)" : " rule " + rule) + " line " + line + ": " + reason;
    }
}
