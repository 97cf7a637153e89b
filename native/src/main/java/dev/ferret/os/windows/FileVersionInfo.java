package dev.ferret.os.windows;

/**
 * A PE file's version resource.
 *
 * @param fileVersion the fixed (binary) file version "major.minor.build.revision", reliable for comparisons
 */
public record FileVersionInfo(String fileVersion, String productVersion, String companyName, String productName,
                              String originalFilename, String description) {
}
