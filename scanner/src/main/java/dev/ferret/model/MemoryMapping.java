package dev.ferret.model;

/** One line of /proc/&lt;pid&gt;/maps. {@code path} is null for anonymous memory. */
public record MemoryMapping(long start, long end, String perms, long offset, long inode, String path,
                            boolean deleted) {
    public boolean executable() {
        return perms.length() > 2 && perms.charAt(2) == 'x';
    }

    public boolean writable() {
        return perms.length() > 1 && perms.charAt(1) == 'w';
    }

    public boolean anonymous() {
        return path == null || path.isEmpty();
    }

    /** Pseudo mappings such as [heap], [stack], [vdso]. */
    public boolean pseudo() {
        return path != null && path.startsWith("[");
    }

    public long size() {
        return end - start;
    }
}
