package dev.ferret.os.windows;

import com.sun.jna.platform.win32.Kernel32;

import java.util.HashMap;
import java.util.Map;

/** NT device names of the drive letters (QueryDosDevice), for {@link DosPaths}. */
public final class DosDevices {
    private DosDevices() {
    }

    public static Map<String, String> map() throws WindowsException {
        Windows.require();
        Map<String, String> devices = new HashMap<>();
        char[] buffer = new char[4096];
        for (char c = 'A'; c <= 'Z'; c++) {
            String drive = c + ":";
            int n = Kernel32.INSTANCE.QueryDosDevice(drive, buffer, buffer.length);
            if (n > 0) {
                int end = 0;
                while (end < n && buffer[end] != 0) {
                    end++;
                }
                devices.put(new String(buffer, 0, end), drive);
            }
        }
        return devices;
    }

    /** The Windows directory (%SystemRoot%), from the environment; C:\Windows when unset. */
    public static String systemRoot() {
        String root = System.getenv("SystemRoot");
        return root == null || root.isEmpty() ? "C:\\Windows" : root;
    }
}
