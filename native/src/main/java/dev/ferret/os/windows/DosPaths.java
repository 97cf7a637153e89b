package dev.ferret.os.windows;

import java.util.Locale;
import java.util.Map;

/**
 * Turns the NT object paths some APIs return (GetMappedFileName: {@code \Device\HarddiskVolume2\Windows\...}) and
 * the prefixed forms in the registry ({@code \SystemRoot\}, {@code \??\}, {@code \\?\}) into DOS paths.
 */
public final class DosPaths {
    private DosPaths() {
    }

    /**
     * @param devices   NT device name (e.g. {@code \Device\HarddiskVolume2}) to drive ("C:"), from QueryDosDevice
     * @param systemRoot the Windows directory, e.g. {@code C:\Windows}
     * @return the DOS path, or the input unchanged when no rule applies
     */
    public static String toDos(String path, Map<String, String> devices, String systemRoot) {
        if (path == null || path.isEmpty()) {
            return path;
        }
        String p = path;
        if (p.startsWith("\\??\\UNC\\") || p.startsWith("\\\\?\\UNC\\")) {
            return "\\\\" + p.substring(8);
        }
        if (p.startsWith("\\??\\") || p.startsWith("\\\\?\\")) {
            return p.substring(4);
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.startsWith("\\systemroot\\")) {
            return systemRoot + p.substring("\\SystemRoot".length());
        }
        if (lower.startsWith("\\device\\mup\\")) {
            return "\\\\" + p.substring("\\Device\\Mup\\".length());
        }
        String best = null;
        for (String device : devices.keySet()) {
            String d = device.toLowerCase(Locale.ROOT);
            if ((lower.equals(d) || lower.startsWith(d + "\\")) && (best == null || device.length() > best.length())) {
                best = device;
            }
        }
        if (best != null) {
            return devices.get(best) + p.substring(best.length());
        }
        return p;
    }
}
