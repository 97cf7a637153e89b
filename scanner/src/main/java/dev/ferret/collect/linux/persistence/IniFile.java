package dev.ferret.collect.linux.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INI dialect of supervisord (Python's configparser): {@code [section]} headers, {@code key = value} or
 * {@code key: value}, values continued on indented lines, ';' and '#' comments, also inline after whitespace.
 */
final class IniFile {
    /** A value and the 1-based line where its key is. */
    record Value(String text, int line) {
    }

    /** One section with its keys (lower-cased) in file order. */
    record Section(String name, int line, Map<String, Value> values) {
        String get(String key) {
            Value v = values.get(key);
            return v == null ? null : v.text();
        }
    }

    private IniFile() {
    }

    static List<Section> parse(String content) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String s = raw.strip();
            if (s.isEmpty() || s.startsWith(";") || s.startsWith("#")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && current != null && lastKey != null) {
                Value v = current.values().get(lastKey);
                current.values().put(lastKey, new Value((v.text() + " " + stripComment(s)).strip(), v.line()));
                continue;
            }
            if (s.startsWith("[") && s.contains("]")) {
                current = new Section(s.substring(1, s.indexOf(']')).strip(), i + 1, new LinkedHashMap<>());
                sections.add(current);
                lastKey = null;
                continue;
            }
            int eq = s.indexOf('=');
            int colon = s.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0 || current == null) {
                continue;
            }
            lastKey = s.substring(0, at).strip().toLowerCase(java.util.Locale.ROOT);
            current.values().put(lastKey, new Value(stripComment(s.substring(at + 1)).strip(), i + 1));
        }
        return sections;
    }

    /** Removes an inline comment: ';' or '#' preceded by whitespace. */
    static String stripComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value;
    }
}
