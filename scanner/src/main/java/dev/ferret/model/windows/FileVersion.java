package dev.ferret.model.windows;

/** A PE file's version resource: the fixed file version and the strings that name its maker. */
public record FileVersion(String fileVersion, String company, String product, String originalFilename,
                          String description) {
}
