package dev.ferret.os.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Authenticode verification through WinVerifyTrust: the embedded signature first, then the system catalogs (most
 * Windows files are catalog-signed, so "no embedded signature" alone says nothing). Revocation is not checked and
 * no URL is fetched, so a verification never touches the network (air-gapped hosts, and no traffic from a suspect
 * host). Callers cache results per path; this class does not.
 */
public final class Authenticode {
    static final Guid.GUID GENERIC_VERIFY_V2 = new Guid.GUID("{00AAC56B-CD44-11D0-8CC2-00C04FC295EE}");
    static final int WTD_UI_NONE = 2;
    static final int WTD_REVOKE_NONE = 0;
    static final int WTD_CHOICE_FILE = 1;
    static final int WTD_CHOICE_CATALOG = 2;
    static final int WTD_STATEACTION_VERIFY = 1;
    static final int WTD_STATEACTION_CLOSE = 2;
    static final int WTD_REVOCATION_CHECK_NONE = 0x10;
    static final int WTD_CACHE_ONLY_URL_RETRIEVAL = 0x1000;

    public static final int TRUST_E_PROVIDER_UNKNOWN = 0x800B0001;
    public static final int TRUST_E_SUBJECT_FORM_UNKNOWN = 0x800B0003;
    public static final int TRUST_E_NOSIGNATURE = 0x800B0100;
    public static final int TRUST_E_BAD_DIGEST = 0x80096010;
    public static final int CRYPT_E_FILE_ERROR = 0x80092003;

    private static final int GENERIC_READ = 0x80000000;
    private static final int FILE_SHARE_ALL = 0x1 | 0x2 | 0x4;
    private static final int OPEN_EXISTING = 3;
    /** The store of the system's catalogs under %SystemRoot%\System32\CatRoot (DRIVER_ACTION_VERIFY). */
    static final String SYSTEM_CATALOG_STORE = "{F750E6C3-38EE-11D1-85E5-00C04FC295EE}";
    private static volatile Boolean catalogStore;

    private Authenticode() {
    }

    /** Classifies a WinVerifyTrust result that is not 0 (pure: tested without Windows). */
    public static SignatureResult.Status classify(int code) {
        if (code == 0) {
            return SignatureResult.Status.EMBEDDED;
        }
        if (code == TRUST_E_NOSIGNATURE || code == TRUST_E_SUBJECT_FORM_UNKNOWN || code == TRUST_E_PROVIDER_UNKNOWN) {
            return SignatureResult.Status.UNSIGNED;
        }
        if (code == CRYPT_E_FILE_ERROR || (code & 0xFFFF0000) == 0x80070000) {
            return SignatureResult.Status.UNREADABLE; // HRESULT_FROM_WIN32: not found, access denied, sharing
        }
        return SignatureResult.Status.INVALID;
    }

    public static SignatureResult verify(String path) throws WindowsException {
        Windows.require();
        String[] signer = new String[1];
        int code = verifyEmbedded(path, signer);
        SignatureResult.Status status = classify(code);
        if (status == SignatureResult.Status.EMBEDDED) {
            return new SignatureResult(status, signer[0], null, 0);
        }
        if (status != SignatureResult.Status.UNSIGNED) {
            return new SignatureResult(status, signer[0], null, code);
        }
        if (!catalogStoreAvailable()) {
            return new SignatureResult(SignatureResult.Status.NO_CATALOGS, null, null, code);
        }
        SignatureResult catalog = verifyCatalog(path);
        return catalog != null ? catalog : SignatureResult.unsigned(code);
    }

    /**
     * Whether catalog lookups can say anything: the system catalog store holds at least one catalog. A real Windows
     * host has thousands; Wine has none, and a host whose CatRoot was emptied or cannot be read is no better. Without
     * it every catalog-signed OS file would read "unsigned". Checked once per run.
     */
    public static boolean catalogStoreAvailable() {
        Boolean known = catalogStore;
        if (known == null) {
            String root = System.getenv("SystemRoot");
            known = hasCatalog(Path.of(root != null ? root : "C:\\Windows", "System32", "CatRoot",
                    SYSTEM_CATALOG_STORE));
            catalogStore = known;
        }
        return known;
    }

    /** True when the directory holds a *.cat file (pure: tested without Windows). */
    static boolean hasCatalog(Path store) {
        try (DirectoryStream<Path> cats = Files.newDirectoryStream(store, "*.{cat,CAT}")) {
            return cats.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int verifyEmbedded(String path, String[] signer) {
        WintrustStructures.WinTrustFileInfo file = new WintrustStructures.WinTrustFileInfo();
        file.cbStruct = file.size();
        file.pcwszFilePath = new WString(path);
        file.write();
        WintrustStructures.WinTrustData data = data(WTD_CHOICE_FILE, file.getPointer());
        try {
            int code = WintrustApi.INSTANCE.WinVerifyTrust(null, GENERIC_VERIFY_V2, data);
            signer[0] = signer(data.hWVTStateData);
            return code;
        } finally {
            close(data);
            Reference.reachabilityFence(file);
        }
    }

    /** The catalog verdict, NO_CATALOGS when the catalog API refuses, or null when no catalog lists the file. */
    private static SignatureResult verifyCatalog(String path) {
        WintrustApi w = WintrustApi.INSTANCE;
        PointerByReference admin = new PointerByReference();
        boolean sha256 = false;
        boolean acquired;
        try {
            acquired = w.CryptCATAdminAcquireContext2(admin, null, new WString("SHA256"), null, 0);
            sha256 = acquired;
        } catch (UnsatisfiedLinkError e) {
            acquired = false; // Windows 7 / 2008 R2: SHA-1 catalogs only
        }
        if (!acquired && !w.CryptCATAdminAcquireContext(admin, null, 0)) {
            return new SignatureResult(SignatureResult.Status.NO_CATALOGS, null, null, Kernel32.INSTANCE.GetLastError());
        }
        WinNT.HANDLE file = Kernel32.INSTANCE.CreateFile(path, GENERIC_READ, FILE_SHARE_ALL, null, OPEN_EXISTING, 0, null);
        if (file == null || WinNT.INVALID_HANDLE_VALUE.equals(file)) {
            w.CryptCATAdminReleaseContext(admin.getValue(), 0);
            return new SignatureResult(SignatureResult.Status.UNREADABLE, null, null,
                    0x80070000 | Kernel32.INSTANCE.GetLastError());
        }
        Pointer catalog = null;
        try {
            byte[] hash = new byte[100];
            IntByReference hashSize = new IntByReference(hash.length);
            boolean hashed = sha256
                    ? w.CryptCATAdminCalcHashFromFileHandle2(admin.getValue(), file, hashSize, hash, 0)
                    : w.CryptCATAdminCalcHashFromFileHandle(file, hashSize, hash, 0);
            if (!hashed) {
                return null;
            }
            catalog = w.CryptCATAdminEnumCatalogFromHash(admin.getValue(), hash, hashSize.getValue(), 0, null);
            if (catalog == null) {
                return null;
            }
            WintrustStructures.CatalogInfo info = new WintrustStructures.CatalogInfo();
            info.cbStruct = info.size();
            if (!w.CryptCATCatalogInfoFromContext(catalog, info, 0)) {
                return null;
            }
            String catalogFile = info.catalogFile();
            try (Memory hashMemory = new Memory(hashSize.getValue())) {
                hashMemory.write(0, hash, 0, hashSize.getValue());
                WintrustStructures.WinTrustCatalogInfo member = new WintrustStructures.WinTrustCatalogInfo();
                member.cbStruct = member.size();
                member.pcwszCatalogFilePath = new WString(catalogFile);
                member.pcwszMemberTag = new WString(HexFormat.of().formatHex(hash, 0, hashSize.getValue())
                        .toUpperCase(Locale.ROOT));
                member.pcwszMemberFilePath = new WString(path);
                member.hMemberFile = file.getPointer();
                member.pbCalculatedFileHash = hashMemory;
                member.cbCalculatedFileHash = hashSize.getValue();
                member.hCatAdmin = admin.getValue();
                member.write();
                WintrustStructures.WinTrustData data = data(WTD_CHOICE_CATALOG, member.getPointer());
                try {
                    int code = w.WinVerifyTrust(null, GENERIC_VERIFY_V2, data);
                    String signer = signer(data.hWVTStateData);
                    return code == 0 ? new SignatureResult(SignatureResult.Status.CATALOG, signer, catalogFile, 0)
                            : new SignatureResult(SignatureResult.Status.INVALID, signer, catalogFile, code);
                } finally {
                    close(data);
                    Reference.reachabilityFence(member);
                }
            }
        } finally {
            if (catalog != null) {
                w.CryptCATAdminReleaseCatalogContext(admin.getValue(), catalog, 0);
            }
            w.CryptCATAdminReleaseContext(admin.getValue(), 0);
            Kernel32.INSTANCE.CloseHandle(file);
        }
    }

    private static WintrustStructures.WinTrustData data(int choice, Pointer union) {
        WintrustStructures.WinTrustData data = new WintrustStructures.WinTrustData();
        data.cbStruct = data.size();
        data.dwUIChoice = WTD_UI_NONE;
        data.fdwRevocationChecks = WTD_REVOKE_NONE;
        data.dwUnionChoice = choice;
        data.pUnion = union;
        data.dwStateAction = WTD_STATEACTION_VERIFY;
        data.dwProvFlags = WTD_REVOCATION_CHECK_NONE | WTD_CACHE_ONLY_URL_RETRIEVAL;
        return data;
    }

    private static void close(WintrustStructures.WinTrustData data) {
        data.dwStateAction = WTD_STATEACTION_CLOSE;
        WintrustApi.INSTANCE.WinVerifyTrust(null, GENERIC_VERIFY_V2, data);
    }

    /** The leaf signer's simple display name, from the provider data WinVerifyTrust kept in its state. */
    private static String signer(WinNT.HANDLE state) {
        if (state == null || Pointer.nativeValue(state.getPointer()) == 0) {
            return null;
        }
        WintrustApi w = WintrustApi.INSTANCE;
        Pointer provider = w.WTHelperProvDataFromStateData(state);
        Pointer signer = provider == null ? null : w.WTHelperGetProvSignerFromChain(provider, 0, false, 0);
        Pointer cert = signer == null ? null : w.WTHelperGetProvCertFromChain(signer, 0);
        if (cert == null) {
            return null;
        }
        // CRYPT_PROVIDER_CERT { DWORD cbStruct; PCCERT_CONTEXT pCert; ... }: the pointer is aligned to its size
        Pointer context = cert.getPointer(Native.POINTER_SIZE);
        char[] name = new char[512];
        int n = Crypt32Ext.INSTANCE.CertGetNameStringW(context, Crypt32Ext.CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, null, name,
                name.length);
        return n > 1 ? new String(name, 0, n - 1) : null;
    }
}
