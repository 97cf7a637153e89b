package dev.ferret.os.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;

/**
 * SeDebugPrivilege for ferret's own process token. An elevated administrator holds it disabled; without it,
 * services running as SYSTEM (every svchost) refuse PROCESS_VM_READ and their modules and memory stay closed. It is
 * enabled on the process token (not a thread's), so every scanning thread has it. SYSTEM has it enabled already.
 */
public final class Privileges {
    private static final int ERROR_NOT_ALL_ASSIGNED = 1300;

    private Privileges() {
    }

    /** @return true when SeDebugPrivilege is now enabled; false when the token does not hold it (not elevated) */
    public static boolean enableDebug() throws WindowsException {
        Windows.require();
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(),
                WinNT.TOKEN_ADJUST_PRIVILEGES | WinNT.TOKEN_QUERY, token)) {
            throw new WindowsException("OpenProcessToken (self)", Kernel32.INSTANCE.GetLastError());
        }
        try {
            WinNT.LUID luid = new WinNT.LUID();
            if (!Advapi32.INSTANCE.LookupPrivilegeValue(null, WinNT.SE_DEBUG_NAME, luid)) {
                throw new WindowsException("LookupPrivilegeValue " + WinNT.SE_DEBUG_NAME, Kernel32.INSTANCE.GetLastError());
            }
            WinNT.TOKEN_PRIVILEGES privileges = new WinNT.TOKEN_PRIVILEGES(1);
            privileges.Privileges[0] = new WinNT.LUID_AND_ATTRIBUTES(luid, new WinDef.DWORD(WinNT.SE_PRIVILEGE_ENABLED));
            if (!Advapi32.INSTANCE.AdjustTokenPrivileges(token.getValue(), false, privileges, 0, null, null)) {
                throw new WindowsException("AdjustTokenPrivileges", Kernel32.INSTANCE.GetLastError());
            }
            // success with ERROR_NOT_ALL_ASSIGNED means the token does not hold the privilege at all
            return Kernel32.INSTANCE.GetLastError() != ERROR_NOT_ALL_ASSIGNED;
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }
}
