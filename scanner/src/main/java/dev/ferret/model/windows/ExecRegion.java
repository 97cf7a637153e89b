package dev.ferret.model.windows;

/**
 * Executable memory that the loader's module list does not explain: private or mapped (non-image) executable
 * regions, and image sections of files the module list does not name.
 *
 * @param type           PRIVATE, MAPPED or IMAGE
 * @param protect        PAGE_* protection now ("PAGE_EXECUTE_READWRITE")
 * @param mappedPath     the backing file of mapped and image regions, null for private memory
 * @param headerRead     the first bytes of the allocation could be read
 * @param peHeader       they hold an MZ header whose e_lfanew points at "PE\0\0"
 * @param peSignatureOnly no MZ at the start but a "PE\0\0" signature near it (a loader that wiped the DOS header)
 */
public record ExecRegion(int pid, long base, long allocationBase, long size, String type, String protect,
                         String allocationProtect, String mappedPath, boolean headerRead, boolean peHeader,
                         boolean peSignatureOnly) {
    public boolean writable() {
        return protect.contains("READWRITE") || protect.contains("WRITECOPY");
    }

    public String describe() {
        return String.format("%s %s region 0x%x-0x%x (%d KiB)%s", type.toLowerCase(java.util.Locale.ROOT), protect,
                base, base + size, size / 1024, mappedPath != null ? " mapping " + mappedPath : "");
    }
}
