package dev.ferret.model.windows;

import java.util.Collection;
import java.util.Locale;

/**
 * A file's Authenticode state.
 *
 * @param signer  the leaf certificate's simple display name ("Microsoft Windows"), null when unsigned
 * @param catalog the catalog file, for catalog-signed files
 * @param code    WinVerifyTrust's HRESULT when not trusted (0 otherwise)
 */
public record Signature(SignatureState state, String signer, String catalog, int code) {
    public static final Signature UNKNOWN = new Signature(SignatureState.UNKNOWN, null, null, 0);

    /** Validly signed by one of these signers (compared case-insensitively). */
    public boolean signedBy(Collection<String> signers) {
        if (!state.valid() || signer == null) {
            return false;
        }
        String s = signer.strip().toLowerCase(Locale.ROOT);
        return signers.stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(s));
    }

    public String describe() {
        return switch (state) {
            case EMBEDDED -> "signed by " + signer;
            case CATALOG -> "catalog-signed by " + signer + (catalog != null ? " (" + catalog + ")" : "");
            case UNSIGNED -> "unsigned";
            case INVALID -> String.format("signature does not verify (0x%08X%s)", code,
                    signer != null ? ", claims " + signer : "");
            case UNREADABLE -> "unreadable for verification";
            case UNKNOWN -> "signature not checked";
        };
    }
}
