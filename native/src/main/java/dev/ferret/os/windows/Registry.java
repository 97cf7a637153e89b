package dev.ferret.os.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only registry access, always in the 64-bit view (KEY_WOW64_64KEY; the Wow6432Node keys are read by name).
 * Values are enumerated and decoded here, so a value of an unusual type never costs the rest of its key. A missing
 * key reads as empty.
 */
public final class Registry {
    private static final int KEY_WOW64_64KEY = 0x0100;
    private static final int ERROR_MORE_DATA = 234;
    private static final int ERROR_NO_MORE_ITEMS = 259;

    private Registry() {
    }

    public static List<String> subKeys(String key) throws WindowsException {
        WinReg.HKEY hkey = open(key);
        if (hkey == null) {
            return List.of();
        }
        try {
            List<String> names = new ArrayList<>();
            char[] name = new char[512];
            for (int i = 0; ; i++) {
                IntByReference length = new IntByReference(name.length);
                int rc = Advapi32.INSTANCE.RegEnumKeyEx(hkey, i, name, length, null, null, null, null);
                if (rc == ERROR_NO_MORE_ITEMS) {
                    return names;
                }
                if (rc != 0) {
                    throw new WindowsException("RegEnumKeyEx " + key, rc);
                }
                names.add(new String(name, 0, length.getValue()));
            }
        } finally {
            Advapi32.INSTANCE.RegCloseKey(hkey);
        }
    }

    public static Map<String, RegistryValue> values(String key) throws WindowsException {
        WinReg.HKEY hkey = open(key);
        if (hkey == null) {
            return Map.of();
        }
        try {
            Map<String, RegistryValue> values = new LinkedHashMap<>();
            char[] name = new char[16_384];
            byte[] data = new byte[64 * 1024];
            for (int i = 0; ; ) {
                IntByReference nameLength = new IntByReference(name.length);
                IntByReference type = new IntByReference();
                IntByReference dataLength = new IntByReference(data.length);
                int rc = Advapi32.INSTANCE.RegEnumValue(hkey, i, name, nameLength, null, type, data, dataLength);
                if (rc == ERROR_NO_MORE_ITEMS) {
                    return values;
                }
                if (rc == ERROR_MORE_DATA && dataLength.getValue() > data.length && data.length < (16 << 20)) {
                    data = new byte[dataLength.getValue()];
                    continue; // same index again with a larger buffer
                }
                if (rc != 0) {
                    throw new WindowsException("RegEnumValue " + key, rc);
                }
                String n = new String(name, 0, nameLength.getValue());
                values.put(n, RegistryValue.decode(n, type.getValue(), data, dataLength.getValue()));
                i++;
            }
        } finally {
            Advapi32.INSTANCE.RegCloseKey(hkey);
        }
    }

    public static Optional<Instant> lastWrite(String key) throws WindowsException {
        WinReg.HKEY hkey = open(key);
        if (hkey == null) {
            return Optional.empty();
        }
        try {
            WinBase.FILETIME time = new WinBase.FILETIME();
            int rc = Advapi32.INSTANCE.RegQueryInfoKey(hkey, null, null, null, null, null, null, null, null, null, null,
                    time);
            return rc == 0 ? Optional.of(Instant.ofEpochMilli(time.toTime())) : Optional.empty();
        } finally {
            Advapi32.INSTANCE.RegCloseKey(hkey);
        }
    }

    /** The opened key, or null when it does not exist. */
    private static WinReg.HKEY open(String key) throws WindowsException {
        Windows.require();
        RegistryPath p = RegistryPath.parse(key);
        WinReg.HKEY root = switch (p.root()) {
            case "HKLM" -> WinReg.HKEY_LOCAL_MACHINE;
            case "HKU" -> WinReg.HKEY_USERS;
            case "HKCU" -> WinReg.HKEY_CURRENT_USER;
            default -> WinReg.HKEY_CLASSES_ROOT;
        };
        WinReg.HKEYByReference result = new WinReg.HKEYByReference();
        int rc = Advapi32.INSTANCE.RegOpenKeyEx(root, p.path(), 0, WinNT.KEY_READ | KEY_WOW64_64KEY, result);
        if (rc == WindowsException.ERROR_FILE_NOT_FOUND || rc == WindowsException.ERROR_PATH_NOT_FOUND) {
            return null;
        }
        if (rc != 0) {
            throw new WindowsException("RegOpenKeyEx " + key, rc);
        }
        return result.getValue();
    }
}
