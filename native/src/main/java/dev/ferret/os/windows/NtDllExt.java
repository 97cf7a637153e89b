package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/** ntdll functions jna-platform does not map. Loaded on first use of {@link #INSTANCE} (Windows only). */
interface NtDllExt extends StdCallLibrary {
    NtDllExt INSTANCE = Native.load("ntdll", NtDllExt.class);

    int PROCESS_BASIC_INFORMATION = 0;
    int PROCESS_WOW64_INFORMATION = 26;
    /** Windows 8.1 / Server 2012 R2 and later. */
    int PROCESS_COMMAND_LINE_INFORMATION = 60;

    int STATUS_INVALID_INFO_CLASS = 0xC0000003;
    int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;
    int STATUS_BUFFER_TOO_SMALL = 0xC0000023;
    int STATUS_BUFFER_OVERFLOW = 0x80000005;

    /** Returns an NTSTATUS (0 = success). */
    int NtQueryInformationProcess(HANDLE process, int infoClass, Pointer info, int length, IntByReference returned);
}
