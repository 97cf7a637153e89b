package dev.ferret.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * wintrust.dll: WinVerifyTrust, the WTHelper accessors for the signer, and the catalog administrator functions
 * (none of which jna-platform maps). The structures are in {@link WintrustStructures}.
 */
interface WintrustApi extends StdCallLibrary {
    WintrustApi INSTANCE = Native.load("wintrust", WintrustApi.class);

    /** Returns 0 when trusted, an HRESULT otherwise. */
    int WinVerifyTrust(Pointer hwnd, Guid.GUID actionId, WintrustStructures.WinTrustData data);

    Pointer WTHelperProvDataFromStateData(HANDLE stateData);

    Pointer WTHelperGetProvSignerFromChain(Pointer provData, int signerIndex, boolean counterSigner,
                                          int counterSignerIndex);

    Pointer WTHelperGetProvCertFromChain(Pointer signer, int certIndex);

    boolean CryptCATAdminAcquireContext(PointerByReference catAdmin, Guid.GUID subsystem, int flags);

    /** Windows 8 and later: SHA-256 catalog hashes. */
    boolean CryptCATAdminAcquireContext2(PointerByReference catAdmin, Guid.GUID subsystem, WString hashAlgorithm,
                                         Pointer strongHashPolicy, int flags);

    boolean CryptCATAdminCalcHashFromFileHandle(HANDLE file, IntByReference hashSize, byte[] hash, int flags);

    boolean CryptCATAdminCalcHashFromFileHandle2(Pointer catAdmin, HANDLE file, IntByReference hashSize, byte[] hash,
                                                 int flags);

    Pointer CryptCATAdminEnumCatalogFromHash(Pointer catAdmin, byte[] hash, int hashSize, int flags,
                                             PointerByReference previous);

    boolean CryptCATCatalogInfoFromContext(Pointer catInfo, WintrustStructures.CatalogInfo info, int flags);

    boolean CryptCATAdminReleaseCatalogContext(Pointer catAdmin, Pointer catInfo, int flags);

    boolean CryptCATAdminReleaseContext(Pointer catAdmin, int flags);
}
