package dev.ferret.yara;

/**
 * libyara cannot be used on this host: not found, failed to load (e.g. needs a newer glibc), or
 * a struct layout this binding does not know. The message is one line, fit for the scan's
 * coverage record ("YARA not run: ...").
 */
public final class YaraUnavailableException extends YaraException {

    public YaraUnavailableException(String message) {
        super(message);
    }
}
