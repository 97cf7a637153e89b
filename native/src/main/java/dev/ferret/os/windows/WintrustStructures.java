package dev.ferret.os.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/**
 * Structures of wintrust.h / mscat.h. Kept out of {@link WintrustApi}: JNA initialises a structure's enclosing
 * library interface to find its type mapper, which would load wintrust.dll (and fail off Windows, where the layout
 * test runs). {@code BindingsLayoutTest} checks their sizes for 64-bit Windows.
 */
public final class WintrustStructures {
    private WintrustStructures() {
    }

    /** WINTRUST_DATA. */
    @Structure.FieldOrder({"cbStruct", "pPolicyCallbackData", "pSIPClientData", "dwUIChoice", "fdwRevocationChecks",
        "dwUnionChoice", "pUnion", "dwStateAction", "hWVTStateData", "pwszURLReference", "dwProvFlags", "dwUIContext",
        "pSignatureSettings"})
    public static class WinTrustData extends Structure {
        public int cbStruct;
        public Pointer pPolicyCallbackData;
        public Pointer pSIPClientData;
        public int dwUIChoice;
        public int fdwRevocationChecks;
        public int dwUnionChoice;
        public Pointer pUnion;
        public int dwStateAction;
        public HANDLE hWVTStateData;
        public Pointer pwszURLReference;
        public int dwProvFlags;
        public int dwUIContext;
        public Pointer pSignatureSettings;
    }

    /** WINTRUST_FILE_INFO. */
    @Structure.FieldOrder({"cbStruct", "pcwszFilePath", "hFile", "pgKnownSubject"})
    public static class WinTrustFileInfo extends Structure {
        public int cbStruct;
        public WString pcwszFilePath;
        public Pointer hFile;
        public Pointer pgKnownSubject;
    }

    /** WINTRUST_CATALOG_INFO. */
    @Structure.FieldOrder({"cbStruct", "dwCatalogVersion", "pcwszCatalogFilePath", "pcwszMemberTag",
        "pcwszMemberFilePath", "hMemberFile", "pbCalculatedFileHash", "cbCalculatedFileHash", "pcCatalogContext",
        "hCatAdmin"})
    public static class WinTrustCatalogInfo extends Structure {
        public int cbStruct;
        public int dwCatalogVersion;
        public WString pcwszCatalogFilePath;
        public WString pcwszMemberTag;
        public WString pcwszMemberFilePath;
        public Pointer hMemberFile;
        public Pointer pbCalculatedFileHash;
        public int cbCalculatedFileHash;
        public Pointer pcCatalogContext;
        public Pointer hCatAdmin;
    }

    /** CATALOG_INFO: the catalog path as a fixed WCHAR[MAX_PATH], kept as bytes so the layout is platform-free. */
    @Structure.FieldOrder({"cbStruct", "wszCatalogFile"})
    public static class CatalogInfo extends Structure {
        public int cbStruct;
        public byte[] wszCatalogFile = new byte[260 * 2];

        String catalogFile() {
            return RegistryValue.utf16z(wszCatalogFile, 0, wszCatalogFile.length);
        }
    }
}
