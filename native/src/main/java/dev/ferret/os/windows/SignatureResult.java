package dev.ferret.os.windows;

/**
 * The Authenticode verdict on one file (WinVerifyTrust, embedded signature first, then the system catalogs).
 *
 * @param signer  simple display name of the leaf signing certificate, null when unsigned
 * @param catalog the catalog file that signs it, for catalog-signed files
 * @param code    WinVerifyTrust's result (0 = trusted), or the error that made the file unreadable
 */
public record SignatureResult(Status status, String signer, String catalog, int code) {
    /**
     * How the file is (or is not) signed. NO_CATALOGS: no embedded signature, and the catalogs could not be asked
     * (the system catalog store is empty or unreadable, or the catalog API refused), so unsigned cannot be told from
     * catalog-signed.
     */
    public enum Status { EMBEDDED, CATALOG, UNSIGNED, INVALID, UNREADABLE, NO_CATALOGS }

    public static SignatureResult unsigned(int code) {
        return new SignatureResult(Status.UNSIGNED, null, null, code);
    }
}
