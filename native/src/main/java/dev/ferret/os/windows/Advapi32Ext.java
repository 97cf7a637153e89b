package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/** GetTokenInformation into raw memory (jna-platform's takes a Structure). */
interface Advapi32Ext extends StdCallLibrary {
    Advapi32Ext INSTANCE = Native.load("advapi32", Advapi32Ext.class);

    int TOKEN_INTEGRITY_LEVEL = 25;

    boolean GetTokenInformation(HANDLE token, int infoClass, Pointer info, int length, IntByReference returned);
}
