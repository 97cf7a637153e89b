package dev.ferret.collect.windows;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Windows path handling for registry and command-line text: environment expansion, the prefixed forms
 * ({@code \??\}, {@code \SystemRoot\}, driver paths relative to the Windows directory), finding the program of an
 * unquoted command line with spaces, and the absolute paths its arguments name.
 */
public final class WindowsPaths {
    private static final Pattern VARIABLE = Pattern.compile("%([A-Za-z0-9_()#$@{}~.-]+)%");
    /** Extensions that make a path runnable (or loadable) code. */
    private static final Set<String> RUNNABLE = Set.of("exe", "com", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse",
        "wsf", "hta", "dll", "sys", "scr", "cpl", "msi", "jar", "ocx", "drv", "lnk");
    /** Absolute paths inside arguments: drive paths and UNC paths up to a quote, comma or a runnable extension. */
    private static final Pattern EMBEDDED_PATH = Pattern.compile(
            "(?i)(?:[a-z]:\\\\|\\\\\\\\[^\\\\\\s\"]+\\\\)[^\"<>|*?\\r\\n,;]*?\\.(?:" + String.join("|", RUNNABLE)
                    + ")(?=$|[\\s\",;])");

    private WindowsPaths() {
    }

    /** Replaces %NAME% (case-insensitive) with its value; unknown variables stay as they are. */
    public static String expand(String text, Map<String, String> variables) {
        if (text == null || text.indexOf('%') < 0) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup(variables, m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String lookup(Map<String, String> variables, String name) {
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A comparable DOS path: quotes and blanks trimmed, forward slashes turned, {@code \??\} and {@code \\?\}
     * dropped, {@code \SystemRoot\} and bare {@code system32\...} (driver ImagePaths) resolved under the Windows
     * directory, doubled separators collapsed. Case is kept.
     */
    public static String normalise(String path, String systemRoot) {
        if (path == null) {
            return null;
        }
        String p = path.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            p = p.substring(1, p.length() - 1).strip();
        }
        p = p.replace('/', '\\');
        if (p.startsWith("\\??\\") || p.startsWith("\\\\?\\")) {
            p = p.substring(4);
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.startsWith("\\systemroot\\")) {
            p = systemRoot + p.substring("\\SystemRoot".length());
        } else if (lower.startsWith("system32\\") || lower.startsWith("syswow64\\")) {
            p = systemRoot + "\\" + p;
        }
        boolean unc = p.startsWith("\\\\");
        String body = (unc ? p.substring(2) : p).replaceAll("\\\\{2,}", "\\\\");
        return unc ? "\\\\" + body : body;
    }

    /** Lower-case normalised form, for set membership and equality. */
    public static String key(String path, String systemRoot) {
        String n = normalise(path, systemRoot);
        return n == null ? null : n.toLowerCase(Locale.ROOT);
    }

    public static String fileName(String path) {
        if (path == null) {
            return null;
        }
        int slash = path.lastIndexOf('\\');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public static String directory(String path) {
        int slash = path == null ? -1 : path.lastIndexOf('\\');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Directly in System32 or SysWOW64 (not a subdirectory such as drivers or DriverStore). */
    public static boolean inSystemDirectory(String path, String systemRoot) {
        if (path == null) {
            return false;
        }
        String dir = directory(normalise(path, systemRoot)).toLowerCase(Locale.ROOT);
        String root = systemRoot.toLowerCase(Locale.ROOT);
        return dir.equals(root + "\\system32") || dir.equals(root + "\\syswow64");
    }

    /** Anywhere under System32 or SysWOW64. */
    public static boolean underSystemDirectory(String path, String systemRoot) {
        String k = key(path, systemRoot);
        String root = systemRoot.toLowerCase(Locale.ROOT);
        return k != null && (k.startsWith(root + "\\system32\\") || k.startsWith(root + "\\syswow64\\"));
    }

    /** System32 and SysWOW64 name the same file for 32- and 64-bit views. */
    public static boolean samePath(String a, String b, String systemRoot) {
        String ka = key(a, systemRoot);
        String kb = key(b, systemRoot);
        if (ka == null || kb == null) {
            return false;
        }
        if (ka.equals(kb)) {
            return true;
        }
        String root = systemRoot.toLowerCase(Locale.ROOT);
        return ka.replace(root + "\\syswow64\\", root + "\\system32\\")
                .equals(kb.replace(root + "\\syswow64\\", root + "\\system32\\"));
    }

    public static boolean absolute(String path) {
        return path != null && (path.length() > 2 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':'
                && path.charAt(2) == '\\' || path.startsWith("\\\\"));
    }

    /**
     * The program a command line runs: the quoted first word, or for an unquoted line with spaces the shortest
     * prefix that ends in a runnable extension ("C:\Program Files\A B\x.exe -arg"). Expanded and normalised; a
     * bare name ("rundll32.exe") stays bare.
     */
    public static String program(String commandLine, Map<String, String> variables, String systemRoot) {
        if (commandLine == null || commandLine.isBlank()) {
            return null;
        }
        String s = expand(commandLine.strip(), variables);
        if (s.startsWith("\"")) {
            int end = s.indexOf('"', 1);
            return normalise(end < 0 ? s.substring(1) : s.substring(1, end), systemRoot);
        }
        String[] words = s.split(" ");
        StringBuilder candidate = new StringBuilder();
        for (String w : words) {
            if (candidate.length() > 0) {
                candidate.append(' ');
            }
            candidate.append(w);
            if (RUNNABLE.contains(extension(candidate.toString()))) {
                return normalise(candidate.toString(), systemRoot);
            }
        }
        return normalise(words[0], systemRoot);
    }

    /**
     * Every absolute file a command line refers to: its program first, then paths in its arguments (the DLL of a
     * rundll32 "x.dll,Entry" line, the script of a wscript or powershell line), expanded and normalised.
     */
    public static List<String> references(String commandLine, Map<String, String> variables, String systemRoot) {
        Set<String> out = new LinkedHashSet<>();
        String program = program(commandLine, variables, systemRoot);
        if (program != null && absolute(program)) {
            out.add(program);
        }
        if (commandLine != null) {
            Matcher m = EMBEDDED_PATH.matcher(expand(commandLine, variables));
            while (m.find()) {
                out.add(normalise(m.group(), systemRoot));
            }
        }
        return new ArrayList<>(out);
    }

    static String extension(String path) {
        String name = fileName(path);
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
