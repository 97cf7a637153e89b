package dev.ferret.os.windows;

/**
 * One region of a process's address space (VirtualQueryEx: MEMORY_BASIC_INFORMATION), plus the file an image or
 * mapped region maps (GetMappedFileName, as a DOS path; null for private memory or when unknown).
 *
 * @param state   MEM_COMMIT 0x1000, MEM_RESERVE 0x2000, MEM_FREE 0x10000
 * @param protect PAGE_* protection now
 * @param type    MEM_IMAGE 0x1000000, MEM_MAPPED 0x40000, MEM_PRIVATE 0x20000
 */
public record RegionEntry(long base, long allocationBase, int allocationProtect, long size, int state, int protect,
                          int type, String mappedPath) {
    public long end() {
        return base + size;
    }

    public boolean committed() {
        return state == MemoryConstants.MEM_COMMIT;
    }

    public boolean executable() {
        return MemoryConstants.executable(protect);
    }
}
