package dev.ferret.yara;

/**
 * An error (or warning) from the libyara compiler.
 *
 * @param file    the source it came from: the file path, or the name given to a string source
 * @param line    1-based line in that source (0 when libyara gave none)
 * @param message libyara's message, e.g. {@code undefined identifier "foo"}
 * @param rule    the rule being compiled, or null when the error is outside any rule
 */
public record CompileError(String file, int line, String message, String rule) {

    @Override
    public String toString() {
        return file + "(" + line + ")" + (rule == null ? "" : " rule " + rule) + ": " + message;
    }
}
