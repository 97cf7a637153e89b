package dev.ferret.os.windows;

import java.util.Locale;

/**
 * A registry key written the way reg.exe and reports write it: {@code HKLM\SOFTWARE\...}, {@code HKU\S-1-5-...}.
 *
 * @param root HKLM, HKU, HKCU or HKCR
 * @param path below the root, without leading backslash ("" for the root itself)
 */
public record RegistryPath(String root, String path) {
    public static RegistryPath parse(String key) {
        String k = key.replace('/', '\\');
        int slash = k.indexOf('\\');
        String head = (slash < 0 ? k : k.substring(0, slash)).toUpperCase(Locale.ROOT);
        String rest = slash < 0 ? "" : k.substring(slash + 1);
        String root = switch (head) {
            case "HKLM", "HKEY_LOCAL_MACHINE" -> "HKLM";
            case "HKU", "HKEY_USERS" -> "HKU";
            case "HKCU", "HKEY_CURRENT_USER" -> "HKCU";
            case "HKCR", "HKEY_CLASSES_ROOT" -> "HKCR";
            default -> throw new IllegalArgumentException("unknown registry root in '" + key + "'");
        };
        while (rest.endsWith("\\")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return new RegistryPath(root, rest);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? root : root + "\\" + path;
    }
}
