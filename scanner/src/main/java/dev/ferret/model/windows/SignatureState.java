package dev.ferret.model.windows;

/**
 * How a file is signed. EMBEDDED and CATALOG are valid Authenticode signatures; INVALID is a signature that does not
 * verify (tampered file, untrusted root, revoked); UNREADABLE a file that could not be opened; UNKNOWN not checked.
 */
public enum SignatureState {
    EMBEDDED, CATALOG, UNSIGNED, INVALID, UNREADABLE, UNKNOWN;

    public boolean valid() {
        return this == EMBEDDED || this == CATALOG;
    }
}
