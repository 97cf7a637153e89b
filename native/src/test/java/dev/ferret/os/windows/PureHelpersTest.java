package dev.ferret.os.windows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the Windows bindings that are plain Java: paths, registry decoding, protections, versions. */
class PureHelpersTest {
    @Test
    void catalogStoreCountsOnlyWhenItHoldsCatalogs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertFalse(Authenticode.hasCatalog(dir.resolve("missing")), "no store: catalogs cannot be asked");
        assertFalse(Authenticode.hasCatalog(dir), "an empty store (Wine's) cannot vouch for anything");
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
        assertFalse(Authenticode.hasCatalog(dir));
        java.nio.file.Files.writeString(dir.resolve("Package_1.cat"), "x");
        assertTrue(Authenticode.hasCatalog(dir));
    }

    @Test
    void ntPathsBecomeDosPaths() {
        Map<String, String> devices = Map.of("\\Device\\HarddiskVolume2", "C:", "\\Device\\HarddiskVolume12", "D:");
        assertEquals("C:\\Windows\\System32\\snmpstorsrv.dll", DosPaths.toDos(
                "\\Device\\HarddiskVolume2\\Windows\\System32\\snmpstorsrv.dll", devices, "C:\\Windows"));
        assertEquals("D:\\x.dll", DosPaths.toDos("\\Device\\HarddiskVolume12\\x.dll", devices, "C:\\Windows"),
                "the longest device name wins (Volume12 is not Volume1 + '2')");
        assertEquals("C:\\Windows\\System32\\drivers\\srv.sys", DosPaths.toDos("\\SystemRoot\\System32\\drivers\\srv.sys",
                devices, "C:\\Windows"));
        assertEquals("C:\\Temp\\a.exe", DosPaths.toDos("\\??\\C:\\Temp\\a.exe", devices, "C:\\Windows"));
        assertEquals("C:\\Temp\\a.exe", DosPaths.toDos("\\\\?\\C:\\Temp\\a.exe", devices, "C:\\Windows"));
        assertEquals("\\\\srv\\share\\a.dll", DosPaths.toDos("\\Device\\Mup\\srv\\share\\a.dll", devices, "C:\\Windows"));
        assertEquals("\\Device\\Unknown\\x", DosPaths.toDos("\\Device\\Unknown\\x", devices, "C:\\Windows"));
        assertNull(DosPaths.toDos(null, devices, "C:\\Windows"));
    }

    private static byte[] utf16z(String... strings) {
        StringBuilder s = new StringBuilder();
        for (String x : strings) {
            s.append(x).append('\0');
        }
        return s.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    @Test
    void registryValuesDecodeByType() {
        byte[] sz = utf16z("%SystemRoot%\\System32\\svchost.exe -k netsvcs");
        RegistryValue v = RegistryValue.decode("ImagePath", RegistryValue.REG_EXPAND_SZ, sz, sz.length);
        assertEquals("%SystemRoot%\\System32\\svchost.exe -k netsvcs", v.text());

        byte[] multi = utf16z("AeLookupSvc", "CertPropSvc", "snmpstorsrv", "");
        RegistryValue m = RegistryValue.decode("netsvcs", RegistryValue.REG_MULTI_SZ, multi, multi.length);
        assertEquals(List.of("AeLookupSvc", "CertPropSvc", "snmpstorsrv"), m.lines());

        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFFFFFE).array();
        assertEquals(0xFFFFFFFEL, RegistryValue.decode("Start", RegistryValue.REG_DWORD, dword, 4).number(),
                "DWORDs are unsigned");
        byte[] qword = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertEquals(1L << 40, RegistryValue.decode("Q", RegistryValue.REG_QWORD, qword, 8).number());

        byte[] odd = {1, 2, 3};
        RegistryValue raw = RegistryValue.decode("R", 8 /* REG_RESOURCE_LIST */, odd, 3);
        assertArrayEquals(odd, (byte[]) raw.data());
        assertNull(raw.text());
        // a truncated DWORD stays raw instead of failing the key
        assertTrue(RegistryValue.decode("D", RegistryValue.REG_DWORD, odd, 3).data() instanceof byte[]);
        // strings without terminator, and a length shorter than the buffer
        byte[] noNul = "abc".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("ab", RegistryValue.decode("S", RegistryValue.REG_SZ, noNul, 4).text());
    }

    @Test
    void registryPathsParse() {
        assertEquals(new RegistryPath("HKLM", "SYSTEM\\CurrentControlSet\\Services"),
                RegistryPath.parse("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"));
        assertEquals(new RegistryPath("HKU", "S-1-5-21-1\\Software"), RegistryPath.parse("HKU\\S-1-5-21-1\\Software"));
        assertEquals("HKU", RegistryPath.parse("hku").toString());
        assertThrows(IllegalArgumentException.class, () -> RegistryPath.parse("HKXX\\a"));
    }

    @Test
    void protectionsBecomePermissions() {
        assertEquals("rwxp", MemoryConstants.perms(MemoryConstants.PAGE_EXECUTE_READWRITE, MemoryConstants.MEM_PRIVATE));
        assertEquals("r-xs", MemoryConstants.perms(MemoryConstants.PAGE_EXECUTE_READ, MemoryConstants.MEM_IMAGE));
        assertEquals("rw-s", MemoryConstants.perms(MemoryConstants.PAGE_WRITECOPY, MemoryConstants.MEM_MAPPED));
        assertEquals("---p", MemoryConstants.perms(MemoryConstants.PAGE_READWRITE | MemoryConstants.PAGE_GUARD,
                MemoryConstants.MEM_PRIVATE), "guard pages are never read");
        assertEquals("---p", MemoryConstants.perms(MemoryConstants.PAGE_EXECUTE, MemoryConstants.MEM_PRIVATE),
                "execute-only memory cannot be read");
        assertTrue(MemoryConstants.executable(MemoryConstants.PAGE_EXECUTE));
        assertFalse(MemoryConstants.executable(MemoryConstants.PAGE_READWRITE));
        for (int p : new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x104, 0x240}) {
            assertEquals(p, MemoryConstants.protectOf(MemoryConstants.protectName(p)), MemoryConstants.protectName(p));
        }
        assertEquals(MemoryConstants.MEM_IMAGE, MemoryConstants.typeOf(MemoryConstants.typeName(MemoryConstants.MEM_IMAGE)));
        assertEquals(MemoryConstants.MEM_COMMIT, MemoryConstants.stateOf(MemoryConstants.stateName(MemoryConstants.MEM_COMMIT)));
    }

    @Test
    void fixedFileVersionsFormatLikeExplorer() {
        // srv.sys of an unpatched Windows 7 SP1: 6.1.7601.17514
        assertEquals("6.1.7601.17514", FileVersions.format(6 << 16 | 1, 7601 << 16 | 17514));
        assertEquals("10.0.14393.953", FileVersions.format(10 << 16, 14393 << 16 | 953));
        assertEquals("65535.0.0.65535", FileVersions.format(0xFFFF0000, 0xFFFF));
    }

    @Test
    void winVerifyTrustResultsAreClassified() {
        assertEquals(SignatureResult.Status.EMBEDDED, Authenticode.classify(0));
        assertEquals(SignatureResult.Status.UNSIGNED, Authenticode.classify(Authenticode.TRUST_E_NOSIGNATURE));
        assertEquals(SignatureResult.Status.UNSIGNED, Authenticode.classify(Authenticode.TRUST_E_SUBJECT_FORM_UNKNOWN));
        assertEquals(SignatureResult.Status.INVALID, Authenticode.classify(Authenticode.TRUST_E_BAD_DIGEST));
        assertEquals(SignatureResult.Status.INVALID, Authenticode.classify(0x800B0109 /* CERT_E_UNTRUSTEDROOT */));
        assertEquals(SignatureResult.Status.UNREADABLE, Authenticode.classify(0x80070005));
        assertEquals(SignatureResult.Status.UNREADABLE, Authenticode.classify(Authenticode.CRYPT_E_FILE_ERROR));
    }

    @Test
    void errorsSayWhatHappened() {
        WindowsException denied = new WindowsException("OpenProcess 612", WindowsException.ERROR_ACCESS_DENIED);
        assertTrue(denied.accessDenied());
        assertFalse(denied.gone());
        assertEquals("OpenProcess 612: error 5 (access denied)", denied.getMessage());
        assertTrue(new WindowsException("OpenProcess 7", WindowsException.ERROR_INVALID_PARAMETER).gone());
        assertTrue(new WindowsException("x", 0x80070005).getMessage().contains("0x80070005"));
    }
}
