package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.win32.StdCallLibrary;

/** CertGetNameStringW, which jna-platform does not map. */
interface Crypt32Ext extends StdCallLibrary {
    Crypt32Ext INSTANCE = Native.load("crypt32", Crypt32Ext.class);

    int CERT_NAME_SIMPLE_DISPLAY_TYPE = 4;

    int CertGetNameStringW(Pointer certContext, int type, int flags, Pointer typePara, char[] name, int size);
}
