package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Psapi;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * psapi functions with the signatures this package needs: EnumProcessModulesEx (32- and 64-bit modules, missing
 * from jna-platform) GetMappedFileNameW and GetProcessMemoryInfo; module handles as plain pointers.
 */
interface PsapiExt extends StdCallLibrary {
    PsapiExt INSTANCE = Native.load("psapi", PsapiExt.class);

    int LIST_MODULES_ALL = 0x03;

    boolean EnumProcessModulesEx(HANDLE process, Pointer modules, int cb, IntByReference needed, int filterFlag);

    int GetModuleFileNameExW(HANDLE process, Pointer module, char[] fileName, int size);

    boolean GetModuleInformation(HANDLE process, Pointer module, Psapi.MODULEINFO info, int cb);

    int GetMappedFileNameW(HANDLE process, Pointer address, char[] fileName, int size);

    /** PROCESS_MEMORY_COUNTERS: cb, PageFaultCount (DWORDs), then eight SIZE_T counters. */
    boolean GetProcessMemoryInfo(HANDLE process, Pointer counters, int cb);

    boolean QueryWorkingSetEx(HANDLE process, Pointer info, int cb);
}
