package dev.ferret.collect.windows;

/**
 * Recognises a PE image at the start of a memory allocation: "MZ", then e_lfanew (offset 0x3C) pointing at
 * "PE\0\0". Reflective loaders often wipe the DOS header, so a bare PE signature followed by a known machine type
 * near the start counts as a weaker mark.
 */
public final class PeHeader {
    private static final int MACHINE_I386 = 0x014C;
    private static final int MACHINE_AMD64 = 0x8664;
    private static final int MACHINE_ARM64 = 0xAA64;

    private PeHeader() {
    }

    public static boolean mzPe(byte[] b, int length) {
        if (length < 0x40 || b[0] != 'M' || b[1] != 'Z') {
            return false;
        }
        long lfanew = le32(b, 0x3C) & 0xFFFFFFFFL;
        return lfanew >= 0x40 && lfanew + 4 <= length && signatureAt(b, (int) lfanew);
    }

    /** "PE\0\0" followed by a machine type within the first KiB, at an 8-byte aligned offset (no MZ before it). */
    public static boolean peSignatureOnly(byte[] b, int length) {
        if (mzPe(b, length)) {
            return false;
        }
        int limit = Math.min(length - 6, 1024);
        for (int o = 0; o <= limit; o += 8) {
            if (signatureAt(b, o)) {
                int machine = (b[o + 4] & 0xFF) | (b[o + 5] & 0xFF) << 8;
                if (machine == MACHINE_I386 || machine == MACHINE_AMD64 || machine == MACHINE_ARM64) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean signatureAt(byte[] b, int o) {
        return b[o] == 'P' && b[o + 1] == 'E' && b[o + 2] == 0 && b[o + 3] == 0;
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }
}
