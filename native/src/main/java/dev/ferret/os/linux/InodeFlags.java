package dev.ferret.os.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.ferret.os.Platform;

/**
 * The inode flags chattr(1) sets and lsattr(1) shows, read with the FS_IOC_GETFLAGS ioctl. Malware makes its
 * crontab and binaries immutable so that even root's rm and editors fail; the response reports that instead of
 * a bare "operation not permitted".
 */
public final class InodeFlags {
    /** FS_IMMUTABLE_FL: no change, rename, link or removal, even by root. */
    public static final int IMMUTABLE = 0x10;
    /** FS_APPEND_FL: only appends. */
    public static final int APPEND_ONLY = 0x20;

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    /** _IOR('f', 1, long) on 64-bit Linux. */
    private static final long FS_IOC_GETFLAGS = 0x80086601L;

    private InodeFlags() {
    }

    /**
     * The flags of a file (never following a final symlink, never blocking on a FIFO).
     *
     * @throws LinuxException when the file cannot be opened or its file system has no such flags (ENOTTY)
     */
    public static int of(String path) throws LinuxException {
        if (!Platform.isLinux()) {
            throw new LinuxException("FS_IOC_GETFLAGS " + path, 38);
        }
        int fd = LibcControl.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            throw new LinuxException("open " + path, Native.getLastError());
        }
        try (Memory value = new Memory(8)) {
            value.clear();
            if (LibcControl.ioctl(fd, FS_IOC_GETFLAGS, value) < 0) {
                throw new LinuxException("FS_IOC_GETFLAGS " + path, Native.getLastError());
            }
            return value.getInt(0);
        } finally {
            LibcControl.close(fd);
        }
    }

    /** "immutable", "append-only", both, or null when neither is set or the flags cannot be read. */
    public static String describe(String path) {
        try {
            int flags = of(path);
            boolean i = (flags & IMMUTABLE) != 0;
            boolean a = (flags & APPEND_ONLY) != 0;
            return i && a ? "immutable and append-only" : i ? "immutable" : a ? "append-only" : null;
        } catch (LinuxException | LinkageError e) {
            return null;
        }
    }
}
