package dev.ferret.detect.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Just enough of the POSIX shell grammar to follow what a persistence script does: splits text into simple
 * commands (at newlines, ';', '&', '|', '(' and ')'), removes quotes, keeps output redirection targets apart,
 * skips comments and keywords (if/then/fi, '{' '}'), and expands {@code sh -c '...'} into the commands it runs.
 * It never evaluates anything: variables and command substitutions stay as written.
 */
final class ShellCommands {
    /** One simple command: its words without quotes, its output redirection targets, its line and source text. */
    record Command(int line, List<String> words, List<String> outputs, String text) {
        /** The program's base name ("" for none). */
        String name() {
            return words.isEmpty() ? "" : base(words.get(0));
        }
    }

    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while",
            "until", "for", "in", "case", "esac", "!", "{", "}", "time", "[[", "]]");
    private static final Set<String> WRAPPERS = Set.of("nohup", "exec", "setsid", "nice", "ionice", "sudo", "doas",
            "env", "timeout", "command", "builtin", "stdbuf", "chrt", "taskset", "su");
    private static final Set<String> WRAPPER_OPTIONS_WITH_VALUE = Set.of("-n", "-u", "-g", "-c", "-s", "-k", "-p",
            "-C");
    private static final Pattern INTERPRETER = Pattern.compile("(python[\\d.]*|perl|php[\\d.]*|ruby|node|lua)");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final int MAX_DEPTH = 3;

    private ShellCommands() {
    }

    static List<Command> parse(String text, int firstLine) {
        List<Command> out = new ArrayList<>();
        parse(text, Math.max(firstLine, 1), 0, out);
        return out;
    }

    private static void parse(String text, int firstLine, int depth, List<Command> out) {
        Tokenizer t = new Tokenizer(text, firstLine, depth, out);
        t.run();
    }

    private static final class Tokenizer {
        private final String text;
        private final int depth;
        private final List<Command> out;
        private final List<String> words = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;
        private String pending;
        private int line;
        private int commandLine;
        private int commandStart = -1;

        Tokenizer(String text, int firstLine, int depth, List<Command> out) {
            this.text = text;
            this.line = firstLine;
            this.commandLine = firstLine;
            this.depth = depth;
            this.out = out;
        }

        void run() {
            int n = text.length();
            int i = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    if (text.charAt(i + 1) == '\n') {
                        line++;
                    } else {
                        start(i);
                        word.append(text.charAt(i + 1));
                    }
                    i += 2;
                } else if (c == '\'') {
                    start(i);
                    int end = text.indexOf('\'', i + 1);
                    end = end < 0 ? n : end;
                    String q = text.substring(i + 1, end);
                    word.append(q);
                    line += count(q);
                    i = end + 1;
                } else if (c == '"') {
                    start(i);
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        char d = text.charAt(i);
                        if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(text.charAt(i + 1)) >= 0) {
                            if (text.charAt(i + 1) == '\n') {
                                line++;
                            } else {
                                word.append(text.charAt(i + 1));
                            }
                            i += 2;
                            continue;
                        }
                        if (d == '\n') {
                            line++;
                        }
                        word.append(d);
                        i++;
                    }
                    i++;
                } else if (c == '`') {
                    start(i);
                    int end = text.indexOf('`', i + 1);
                    end = end < 0 ? n - 1 : end;
                    word.append(text, i, end + 1);
                    line += count(text.substring(i, end + 1));
                    i = end + 1;
                } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '(') {
                    start(i);
                    int end = closing(i + 1);
                    word.append(text, i, end + 1);
                    line += count(text.substring(i, end + 1));
                    i = end + 1;
                } else if (c == '#' && !inWord) {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    endWord();
                    i++;
                } else if (c == '&' && i + 1 < n && text.charAt(i + 1) == '>') {
                    endWord();
                    i += 2;
                    if (i < n && text.charAt(i) == '>') {
                        i++;
                    }
                    pending = ">";
                } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                    endWord();
                    endCommand(i);
                    if (c == '\n') {
                        line++;
                    }
                    i++;
                } else if (c == '>' || c == '<') {
                    if (inWord && word.chars().allMatch(Character::isDigit)) {
                        word.setLength(0);
                        inWord = false;
                    } else {
                        endWord();
                    }
                    int j = i + 1;
                    if (j < n && (text.charAt(j) == '>' || text.charAt(j) == '|' || text.charAt(j) == '<')) {
                        j++;
                    }
                    boolean duplicate = j < n && text.charAt(j) == '&';
                    if (duplicate) {
                        j++;
                    }
                    pending = c == '>' && !duplicate ? ">" : "<";
                    i = j;
                } else {
                    start(i);
                    word.append(c);
                    i++;
                }
            }
            endWord();
            endCommand(n);
        }

        private void start(int at) {
            if (commandStart < 0) {
                commandStart = at;
                commandLine = line;
            }
            inWord = true;
        }

        private void endWord() {
            if (!inWord) {
                return;
            }
            String w = word.toString();
            word.setLength(0);
            inWord = false;
            if (pending != null) {
                if (pending.equals(">")) {
                    outputs.add(w);
                }
                pending = null;
            } else {
                words.add(w);
            }
        }

        private void endCommand(int end) {
            pending = null;
            int start = commandStart;
            commandStart = -1;
            List<String> ws = new ArrayList<>(words);
            List<String> os = new ArrayList<>(outputs);
            words.clear();
            outputs.clear();
            while (!ws.isEmpty() && KEYWORDS.contains(ws.get(0))) {
                ws.remove(0);
            }
            if (ws.isEmpty()) {
                return;
            }
            String source = start >= 0 && start <= end ? text.substring(start, end).strip() : String.join(" ", ws);
            Command command = new Command(commandLine, List.copyOf(ws), List.copyOf(os), source);
            String inline = inlineScript(command);
            if (inline != null && depth < MAX_DEPTH) {
                parse(inline, commandLine, depth + 1, out);
            } else {
                out.add(command);
            }
        }

        private int closing(int open) {
            int level = 0;
            for (int k = open; k < text.length(); k++) {
                char c = text.charAt(k);
                if (c == '(') {
                    level++;
                } else if (c == ')' && --level == 0) {
                    return k;
                }
            }
            return text.length() - 1;
        }
    }

    /** The base name of the program a command runs, after assignments and wrappers ("" for none). */
    static String program(Command c) {
        int i = programIndex(c.words());
        return i < 0 ? "" : base(c.words().get(i));
    }

    /** The script of {@code sh -c 'script'} (also behind wrappers such as nohup), or null. */
    static String inlineScript(Command c) {
        int i = programIndex(c.words());
        if (i < 0 || !SHELLS.contains(base(c.words().get(i)))) {
            return null;
        }
        for (int k = i + 1; k < c.words().size() - 1; k++) {
            String w = c.words().get(k);
            if (!w.startsWith("-")) {
                return null;
            }
            if (w.equals("-c") || (w.startsWith("-") && !w.startsWith("--") && w.endsWith("c"))) {
                return c.words().get(k + 1);
            }
        }
        return null;
    }

    /** Index of the program word after assignments and wrappers (nohup, sudo -u x, timeout 10 ...), or -1. */
    static int programIndex(List<String> words) {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (ASSIGNMENT.matcher(w).matches()) {
                i++;
            } else if (WRAPPERS.contains(base(w))) {
                String wrapper = base(w);
                i++;
                while (i < words.size() && words.get(i).startsWith("-")) {
                    i += WRAPPER_OPTIONS_WITH_VALUE.contains(words.get(i)) ? 2 : 1;
                }
                if ((wrapper.equals("timeout") || wrapper.equals("taskset") || wrapper.equals("chrt"))
                        && i < words.size()) {
                    i++; // duration, mask or priority
                }
                if (wrapper.equals("su") && i < words.size()) {
                    return -1; // su user -c '...': not a direct program
                }
            } else {
                return i;
            }
        }
        return -1;
    }

    /**
     * What a command executes, as written: the program, and the script handed to a shell or interpreter
     * ({@code sh /tmp/x.sh}, {@code . /etc/x}, {@code python3 /tmp/x.py}).
     */
    static List<String> executed(Command c) {
        List<String> ws = c.words();
        int i = programIndex(ws);
        if (i < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String program = ws.get(i);
        out.add(program);
        String name = base(program);
        boolean runsScript = SHELLS.contains(name) || name.equals(".") || name.equals("source")
                || INTERPRETER.matcher(name).matches();
        if (runsScript) {
            for (int k = i + 1; k < ws.size(); k++) {
                String w = ws.get(k);
                if (w.equals("-c") || w.equals("-m") || w.equals("-e")) {
                    break; // inline code, not a file
                }
                if (!w.startsWith("-")) {
                    out.add(w);
                    break;
                }
            }
        }
        return out;
    }

    /** The operands of a command: words after the program that are not options ("--" ends options). */
    static List<String> operands(Command c) {
        List<String> ws = c.words();
        int i = programIndex(ws);
        List<String> out = new ArrayList<>();
        if (i < 0) {
            return out;
        }
        boolean options = true;
        for (int k = i + 1; k < ws.size(); k++) {
            String w = ws.get(k);
            if (options && w.equals("--")) {
                options = false;
            } else if (options && w.startsWith("-") && w.length() > 1) {
                continue;
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** Resolves a word naming a file against the working directory (lexically); null when it cannot. */
    static String resolve(String word, String cwd) {
        if (word == null || word.isEmpty() || word.contains("$") || word.contains("`") || word.startsWith("~")) {
            return null;
        }
        if (word.startsWith("/")) {
            return normalize(word);
        }
        return cwd != null ? normalize(cwd + "/" + word) : normalize(word);
    }

    /** Lexical normalisation: "//", "/./" and "x/.." removed; relative paths stay relative. */
    static String normalize(String path) {
        boolean absolute = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.pollLast();
            } else if (!(p.equals("..") && absolute)) {
                parts.addLast(p);
            }
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined;
    }

    static String base(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
