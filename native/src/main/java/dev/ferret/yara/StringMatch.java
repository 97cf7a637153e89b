package dev.ferret.yara;

import java.util.HexFormat;

/**
 * One hit of one rule string.
 *
 * @param identifier the string's name, e.g. {@code $a}
 * @param offset     where the match starts: the offset in the scanned buffer or file, or the
 *                   virtual address for process scans
 * @param length     the full match length
 * @param excerpt    the first bytes of the match, at most {@link YaraScanner#EXCERPT_BYTES}
 */
public record StringMatch(String identifier, long offset, int length, byte[] excerpt) {

    public StringMatch {
        excerpt = excerpt.clone();
    }

    @Override
    public byte[] excerpt() {
        return excerpt.clone();
    }

    @Override
    public String toString() {
        return identifier + "@" + offset + "+" + length + "=" + HexFormat.of().formatHex(excerpt);
    }
}
