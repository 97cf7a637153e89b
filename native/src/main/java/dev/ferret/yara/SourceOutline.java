package dev.ferret.yara;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each rule of a YARA source starts and ends, found by a small lexer that knows just
 * enough of the language to count braces: comments, text strings, regular expressions (inside
 * rule bodies a '/' that does not open a comment always opens a regex; division is '\'), and
 * the {@code private}/{@code global}/{@code rule} keywords at the top level. Works on raw bytes,
 * so a file in any ASCII-compatible encoding is fine.
 *
 * <p>{@link YaraCompiler} uses it to drop just the rules that fail to compile. When the lexer
 * meets something it does not understand it says so ({@link #wellFormed()} is false) and the
 * compiler falls back to skipping the whole source.
 */
final class SourceOutline {

    /** One rule: bytes [{@code start}, {@code end}) and 1-based lines {@code firstLine..lastLine}. */
    record RuleSpan(String name, int start, int end, int firstLine, int lastLine) {
        boolean containsLine(int line) {
            return line >= firstLine && line <= lastLine;
        }
    }

    /** One {@code import "module"} statement: the module's name and bytes [{@code start}, {@code end}). */
    record ImportSpan(String module, int start, int end) {
    }

    private final byte[] text;
    private final List<RuleSpan> rules = new ArrayList<>();
    private final List<ImportSpan> imports = new ArrayList<>();
    private boolean wellFormed = true;
    private int pos;
    private int line = 1;

    private SourceOutline(byte[] text) {
        this.text = text;
    }

    static SourceOutline of(byte[] text) {
        SourceOutline outline = new SourceOutline(text);
        outline.parse();
        return outline;
    }

    List<RuleSpan> rules() {
        return rules;
    }

    /** The top-level import statements, in order. */
    List<ImportSpan> imports() {
        return imports;
    }

    boolean wellFormed() {
        return wellFormed;
    }

    /** A copy of {@code source} with {@code span} replaced by spaces; newlines stay, so do line numbers. */
    static byte[] blank(byte[] source, RuleSpan span) {
        byte[] out = source.clone();
        for (int i = span.start(); i < span.end(); i++) {
            if (out[i] != '\n' && out[i] != '\r') {
                out[i] = ' ';
            }
        }
        return out;
    }

    private void parse() {
        int depth = 0;
        int modifierStart = -1;
        int modifierLine = 0;
        String name = null;
        int ruleStart = 0;
        int ruleLine = 0;
        boolean inRule = false;
        while (pos < text.length && wellFormed) {
            byte c = text[pos];
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '"') {
                skipQuoted((byte) '"');
            } else if (c == '/' && depth > 0) {
                skipQuoted((byte) '/');
            } else if (c == '{') {
                if (depth == 0 && !inRule) {
                    wellFormed = false; // a block outside any rule
                }
                depth++;
                pos++;
            } else if (c == '}') {
                depth--;
                pos++;
                if (depth < 0) {
                    wellFormed = false;
                } else if (depth == 0 && inRule) {
                    rules.add(new RuleSpan(name, ruleStart, pos, ruleLine, line));
                    inRule = false;
                    name = null;
                }
            } else if (depth == 0 && isIdentifierStart(c)) {
                int wordStart = pos;
                String word = word();
                if (inRule) {
                    continue; // rule name, tags
                }
                switch (word) {
                    case "private", "global" -> {
                        if (modifierStart < 0) {
                            modifierStart = wordStart;
                            modifierLine = line;
                        }
                    }
                    case "rule" -> {
                        ruleStart = modifierStart >= 0 ? modifierStart : wordStart;
                        ruleLine = modifierStart >= 0 ? modifierLine : line;
                        modifierStart = -1;
                        skipSpace();
                        // a name with non-ASCII letters is libyara's error for that rule alone, not the file's
                        name = pos < text.length && (isIdentifierStart(text[pos]) || text[pos] < 0) ? ruleName() : null;
                        if (name == null) {
                            wellFormed = false;
                        }
                        inRule = true;
                    }
                    case "import" -> {
                        modifierStart = -1;
                        importStatement(wordStart);
                    }
                    default -> modifierStart = -1;
                }
            } else {
                pos++;
            }
        }
        if (depth != 0 || inRule) {
            wellFormed = false;
        }
    }

    /** After the {@code import} keyword: the quoted module name, recorded with the keyword's span. */
    private void importStatement(int keywordStart) {
        skipSpace();
        if (pos >= text.length || text[pos] != '"') {
            return; // not an import libyara would accept; the compiler will say so
        }
        int open = pos;
        skipQuoted((byte) '"');
        if (wellFormed) {
            String module = new String(text, open + 1, pos - open - 2, StandardCharsets.ISO_8859_1);
            imports.add(new ImportSpan(module, keywordStart, pos));
        }
    }

    private byte peek(int ahead) {
        return pos + ahead < text.length ? text[pos + ahead] : 0;
    }

    private void skipLineComment() {
        while (pos < text.length && text[pos] != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        pos += 2;
        while (pos < text.length) {
            if (text[pos] == '*' && peek(1) == '/') {
                pos += 2;
                return;
            }
            if (text[pos] == '\n') {
                line++;
            }
            pos++;
        }
        wellFormed = false;
    }

    /** A text string or a regex: ends at the next unescaped delimiter on the same line. */
    private void skipQuoted(byte delimiter) {
        pos++;
        while (pos < text.length) {
            byte c = text[pos];
            if (c == '\\') {
                pos += 2;
            } else if (c == delimiter) {
                pos++;
                return;
            } else if (c == '\n') {
                wellFormed = false;
                return;
            } else {
                pos++;
            }
        }
        wellFormed = false;
    }

    private void skipSpace() {
        while (pos < text.length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) {
            if (text[pos] == '\n') {
                line++;
            }
            pos++;
        }
    }

    private String word() {
        int start = pos;
        while (pos < text.length && isIdentifierPart(text[pos])) {
            pos++;
        }
        return new String(text, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** A rule name as written, non-ASCII bytes included (UTF-8). */
    private String ruleName() {
        int start = pos;
        while (pos < text.length && (isIdentifierPart(text[pos]) || text[pos] < 0)) {
            pos++;
        }
        return new String(text, start, pos - start, StandardCharsets.UTF_8);
    }

    private static boolean isIdentifierStart(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierPart(byte c) {
        return isIdentifierStart(c) || c >= '0' && c <= '9';
    }
}
