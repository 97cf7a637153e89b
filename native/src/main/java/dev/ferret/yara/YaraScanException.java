package dev.ferret.yara;

import java.util.List;

/**
 * A scan did not complete (timeout, file could not be opened or read, process could not be
 * attached, out of memory). Rules that had already matched when the scan stopped are kept:
 * a timeout after a match is still evidence.
 */
public final class YaraScanException extends YaraException {

    private final List<YaraMatch> partialMatches;

    public YaraScanException(int code, String message, List<YaraMatch> partialMatches, Throwable cause) {
        super(code, message, cause);
        this.partialMatches = List.copyOf(partialMatches);
    }

    /** Matches reported before the scan stopped. */
    public List<YaraMatch> partialMatches() {
        return partialMatches;
    }
}
