package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;

import java.util.ArrayList;
import java.util.List;

/** The Toolhelp process snapshot: every process with its parent, name and thread count. */
public final class Toolhelp {
    private Toolhelp() {
    }

    public static List<ProcessEntry> processes() throws WindowsException {
        Windows.require();
        Kernel32 k = Kernel32.INSTANCE;
        WinNT.HANDLE snapshot = k.CreateToolhelp32Snapshot(Tlhelp32.TH32CS_SNAPPROCESS, new WinDef.DWORD(0));
        if (snapshot == null || WinNT.INVALID_HANDLE_VALUE.equals(snapshot)) {
            throw new WindowsException("CreateToolhelp32Snapshot", k.GetLastError());
        }
        try {
            List<ProcessEntry> entries = new ArrayList<>();
            Tlhelp32.PROCESSENTRY32.ByReference e = new Tlhelp32.PROCESSENTRY32.ByReference();
            for (boolean more = k.Process32First(snapshot, e); more; more = k.Process32Next(snapshot, e)) {
                entries.add(new ProcessEntry(e.th32ProcessID.intValue(), e.th32ParentProcessID.intValue(),
                        Native.toString(e.szExeFile), e.cntThreads.intValue()));
            }
            return entries;
        } finally {
            k.CloseHandle(snapshot);
        }
    }
}
