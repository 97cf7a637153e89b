package dev.ferret.collect.windows;

import dev.ferret.model.Coverage;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.FileVersion;
import dev.ferret.model.windows.Signature;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.FileVersionInfo;
import dev.ferret.os.windows.SignatureResult;
import dev.ferret.os.windows.WindowsException;

import java.util.Optional;

/** Reads a file's signature, version and readability once per path for the whole scan (cached in WindowsFacts). */
final class FileFactsReader {
    private FileFactsReader() {
    }

    static FileFacts read(FileSource files, WindowsFacts facts, String path, Coverage coverage, String area) {
        return facts.file(path, p -> compute(files, p, coverage, area));
    }

    private static FileFacts compute(FileSource files, String path, Coverage coverage, String area) {
        boolean readable = files.readable(path);
        Signature signature;
        FileVersion version = null;
        if (!readable) {
            signature = new Signature(SignatureState.UNREADABLE, null, null, 0);
        } else {
            try {
                SignatureResult result = files.signature(path);
                signature = convert(result);
                if (result.status() == SignatureResult.Status.NO_CATALOGS) {
                    coverage.gap(area, "catalog signatures not verifiable (no system catalogs): files without an "
                            + "embedded signature judged unknown, not unsigned", path);
                } else {
                    coverage.count(area, "files verified (Authenticode)");
                }
            } catch (WindowsException e) {
                signature = Signature.UNKNOWN;
                coverage.gap(area, "signature not verifiable: " + e.getMessage(), path);
            }
            try {
                Optional<FileVersionInfo> v = files.version(path);
                if (v.isPresent()) {
                    FileVersionInfo i = v.get();
                    version = new FileVersion(i.fileVersion(), i.companyName(), i.productName(), i.originalFilename(),
                            i.description());
                }
            } catch (WindowsException e) {
                // no version resource: a fact in itself, left null
            }
        }
        return new FileFacts(path, readable, signature, version);
    }

    static Signature convert(SignatureResult r) {
        SignatureState state = switch (r.status()) {
            case EMBEDDED -> SignatureState.EMBEDDED;
            case CATALOG -> SignatureState.CATALOG;
            case UNSIGNED -> SignatureState.UNSIGNED;
            case INVALID -> SignatureState.INVALID;
            case UNREADABLE -> SignatureState.UNREADABLE;
            case NO_CATALOGS -> SignatureState.UNKNOWN;
        };
        return new Signature(state, r.signer(), r.catalog(), r.code());
    }
}
