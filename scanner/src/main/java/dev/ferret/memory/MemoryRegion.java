package dev.ferret.memory;

/**
 * One mapping of a process's address space, with the residency figures that tell what reading it costs.
 *
 * @param path          backing file, pseudo name such as [heap], or null for anonymous memory
 * @param rssKb         resident now
 * @param privateDirtyKb written by the process since mapping (0 for an unmodified file mapping)
 * @param swapKb        swapped out (never read back in by a scan)
 */
public record MemoryRegion(long start, long end, String perms, long inode, String path, boolean deleted,
                           long rssKb, long privateDirtyKb, long swapKb) {
    public long size() {
        return end - start;
    }

    public boolean readable() {
        return !perms.isEmpty() && perms.charAt(0) == 'r';
    }

    public boolean anonymous() {
        return path == null || path.isEmpty();
    }

    public boolean pseudo() {
        return path != null && path.startsWith("[");
    }

    public String describe() {
        return String.format("%x-%x %s %s", start, end, perms, anonymous() ? "[anonymous]" : path);
    }
}
