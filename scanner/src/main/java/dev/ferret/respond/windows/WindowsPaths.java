package dev.ferret.respond.windows;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Windows file, registry and task names as plans need them. */
final class WindowsPaths {
    private static final Pattern SERVICE_KEY = Pattern.compile("(?i)\\\\Services\\\\([^\\\\]+)");

    private WindowsPaths() {
    }

    static boolean systemPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT).replace('/', '\\');
        return lower.startsWith("c:\\windows\\system32\\") || lower.startsWith("c:\\windows\\syswow64\\")
                || lower.startsWith("c:\\windows\\winsxs\\") || lower.startsWith("\\systemroot\\");
    }

    /** A drive-letter or UNC path. */
    static boolean isPath(String path) {
        return path.length() > 3 && (path.charAt(1) == ':' || path.startsWith("\\\\"));
    }

    static String serviceName(String keyPath) {
        Matcher m = SERVICE_KEY.matcher(keyPath);
        return m.find() ? m.group(1) : null;
    }

    /** The command (an ImagePath or ServiceDll) names this DLL, %SystemRoot% expanded. */
    static boolean sameFile(String command, String dll) {
        String c = command.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        String d = dll.toLowerCase(Locale.ROOT);
        String expanded = c.replace("%systemroot%", "c:\\windows").replace("%windir%", "c:\\windows");
        return expanded.equals(d) || expanded.endsWith("\\" + fileName(d)) && c.contains(fileName(d));
    }

    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }

    /** The task path (\Folder\Task) of a task or of its file under C:\Windows\System32\Tasks. */
    static String taskPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\\system32\\tasks\\");
        String task = at >= 0 ? path.substring(at + "\\system32\\tasks".length()) : path;
        return task.startsWith("\\") ? task : "\\" + task;
    }

    /** A registry key as PowerShell's registry provider names it. */
    static String psDrive(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        if (upper.startsWith("HKEY_LOCAL_MACHINE\\")) {
            return "HKLM:\\" + key.substring("HKEY_LOCAL_MACHINE\\".length());
        }
        if (upper.startsWith("HKEY_CURRENT_USER\\")) {
            return "HKCU:\\" + key.substring("HKEY_CURRENT_USER\\".length());
        }
        if (upper.startsWith("HKLM\\") || upper.startsWith("HKCU\\")) {
            return key.substring(0, 4) + ":" + key.substring(4);
        }
        if (upper.startsWith("HKU\\") || upper.startsWith("HKEY_USERS\\")) {
            return "Registry::HKEY_USERS\\" + key.substring(key.indexOf('\\') + 1);
        }
        return key;
    }
}
