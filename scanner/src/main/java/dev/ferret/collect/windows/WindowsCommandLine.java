package dev.ferret.collect.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Windows command line into arguments the way the Microsoft C runtime does (CommandLineToArgvW rules):
 * the program name ends at the closing quote or the first blank; after it, 2n backslashes before a quote give n
 * backslashes and the quote toggles quoting, 2n+1 give n backslashes and a literal quote, and "" inside quotes is
 * a literal quote.
 */
public final class WindowsCommandLine {
    private WindowsCommandLine() {
    }

    public static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        if (line == null) {
            return args;
        }
        int n = line.length();
        int i = 0;
        while (i < n && blank(line.charAt(i))) {
            i++;
        }
        if (i >= n) {
            return args;
        }
        // the program name: no escapes
        StringBuilder program = new StringBuilder();
        boolean quoted = false;
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (blank(c) && !quoted) {
                break;
            } else {
                program.append(c);
            }
        }
        args.add(program.toString());
        while (true) {
            while (i < n && blank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            StringBuilder arg = new StringBuilder();
            quoted = false;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int start = i;
                    while (i < n && line.charAt(i) == '\\') {
                        i++;
                    }
                    int count = i - start;
                    if (i < n && line.charAt(i) == '"') {
                        arg.append("\\".repeat(count / 2));
                        if (count % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(count));
                    }
                } else if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                    } else {
                        quoted = !quoted;
                        i++;
                    }
                } else if (blank(c) && !quoted) {
                    break;
                } else {
                    arg.append(c);
                    i++;
                }
            }
            args.add(arg.toString());
        }
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }
}
