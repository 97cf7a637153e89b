package dev.ferret.os.windows;

import com.sun.jna.Native;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Structure layouts of the own wintrust mappings, for 64-bit Windows (the sizes wintrust.h gives with an x64
 * compiler: sizeof(WINTRUST_DATA) 88, WINTRUST_FILE_INFO 32, WINTRUST_CATALOG_INFO 72, CATALOG_INFO 524). JNA lays
 * out these fields (ints and pointers only) the same on 64-bit Linux, so the check runs here. And every wrapper
 * refuses, without loading a DLL, on anything but Windows.
 */
class BindingsLayoutTest {
    @Test
    void wintrustStructuresHaveTheX64Sizes() {
        Assumptions.assumeTrue(Native.POINTER_SIZE == 8, "64-bit layouts");
        assertEquals(88, new WintrustStructures.WinTrustData().size());
        assertEquals(32, new WintrustStructures.WinTrustFileInfo().size());
        assertEquals(72, new WintrustStructures.WinTrustCatalogInfo().size());
        assertEquals(524, new WintrustStructures.CatalogInfo().size());
    }

    @Test
    void wrappersRefuseCleanlyOffWindows() {
        Assumptions.assumeFalse(Windows.isWindows());
        for (Executable call : new Executable[] {Toolhelp::processes, () -> WinProcess.open(4),
            () -> Authenticode.verify("C:\\Windows\\System32\\ntdll.dll"), () -> FileVersions.read("C:\\x.dll"),
            () -> Registry.values("HKLM\\SOFTWARE"), NetTables::tcp, ServiceManager::statuses, WmiSubscriptions::list,
            DosDevices::map, Privileges::enableDebug}) {
            WindowsException e = assertThrows(WindowsException.class, call::run);
            assertEquals(WindowsException.NOT_WINDOWS, e.code());
        }
    }

    @FunctionalInterface
    interface Executable {
        void run() throws Exception;
    }
}
