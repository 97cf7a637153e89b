package dev.ferret.model.windows;

/**
 * What ferret learned about one file on the Windows host, once per path for the whole scan.
 *
 * @param readable the file could be opened for reading now
 * @param version  null when the file has no version resource (or is unreadable)
 */
public record FileFacts(String path, boolean readable, Signature signature, FileVersion version) {
}
