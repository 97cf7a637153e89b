package dev.ferret.os.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.ferret.os.Platform;

import java.nio.ByteBuffer;

/**
 * Reads a file the attacker may swap under us: opened with {@code O_NONBLOCK|O_NOFOLLOW} (a FIFO or device
 * put in its place cannot block the open, a symlink is refused), its type re-checked with {@code statx} on
 * the opened descriptor before a byte is read, and the read bounded by a deadline checked between chunks.
 * Reads straight into a direct buffer: no copy through the Java heap.
 */
public final class RegularFileReader implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE = 0x1;
    private static final int STATX_NLINK = 0x4;
    private static final int STATX_MTIME = 0x40;
    private static final int STATX_CTIME = 0x80;
    private static final int STATX_INO = 0x100;
    private static final int STATX_SIZE = 0x200;
    private static final int IDENTITY = STATX_NLINK | STATX_MTIME | STATX_CTIME | STATX_INO;
    private static final int STATX_NLINK_OFFSET = 16;
    private static final int STATX_MODE_OFFSET = 28;
    private static final int STATX_INO_OFFSET = 32;
    private static final int STATX_SIZE_OFFSET = 40;
    private static final int STATX_CTIME_OFFSET = 96;
    private static final int STATX_MTIME_OFFSET = 112;
    private static final int STATX_DEV_MAJOR_OFFSET = 136;
    private static final int STATX_DEV_MINOR_OFFSET = 140;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFREG = 0x8000;
    private static final int ELOOP = 40;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final long CHUNK = 8L << 20;

    /** How a read ended. */
    public enum Outcome { COMPLETE, CUT_OFF }

    /**
     * What makes two opened names the same content at the same moment: device, inode, size, and modification
     * and change times to the nanosecond (a write moves both; no user can set the change time back).
     */
    public record Identity(long devMajor, long devMinor, long inode, long size, long mtimeSeconds, int mtimeNanos,
                           long ctimeSeconds, int ctimeNanos) {
    }

    private record Stat(long size, Identity shared) {
    }

    /** Opened but not a regular file (a FIFO, socket or device swapped in), or a symlink in its place. */
    public static final class NotRegularException extends LinuxException {
        private static final long serialVersionUID = 1L;

        private final String what;

        NotRegularException(String path, String what) {
            super("open " + path, 0);
            this.what = what;
        }

        /** What was found instead, e.g. "a FIFO". */
        public String what() {
            return what;
        }

        @Override
        public String getMessage() {
            return "not a regular file: " + what;
        }
    }

    private static final class Libc {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native int open(String path, int flags);

        static native int open(byte[] path, int flags);

        static native int close(int fd);

        static native long read(int fd, Pointer buf, long count);

        static native int statx(int dirfd, String path, int flags, int mask, Pointer buf);
    }

    private int fd;
    private final String path;
    private final long size;
    private final Identity shared;

    private RegularFileReader(int fd, String path, Stat stat) {
        this.fd = fd;
        this.path = path;
        this.size = stat.size();
        this.shared = stat.shared();
    }

    /** True on Linux, where this reader works; elsewhere callers keep the JDK's channels. */
    public static boolean available() {
        return Platform.isLinux();
    }

    /**
     * Opens {@code path} without blocking or following a final link and checks on the descriptor that it is a
     * regular file.
     *
     * @throws NotRegularException when what was opened is not a regular file (or is a link)
     * @throws LinuxException      when the open fails (errno in it)
     */
    public static RegularFileReader open(String path) throws LinuxException {
        return open(path, Libc.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    }

    /** {@link #open(String)} by the path's exact bytes: a name that is not UTF-8 opens the file it names. */
    public static RegularFileReader open(java.nio.file.Path file) throws LinuxException {
        return open(file.toString(), Libc.open(NativePaths.cString(file), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    }

    private static RegularFileReader open(String path, int fd) throws LinuxException {
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == ELOOP) {
                throw new NotRegularException(path, "a symbolic link");
            }
            throw new LinuxException("open " + path, errno);
        }
        try {
            return new RegularFileReader(fd, path, checkRegular(fd, path));
        } catch (LinuxException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** The descriptor, valid until {@link #close()} (for libyara's scan of a descriptor). */
    public int fd() {
        return fd;
    }

    /** The size fstat reported on the opened descriptor. */
    public long size() {
        return size;
    }

    /**
     * The opened file's identity when it has other names (a link count above one), so a sweep can recognise the
     * same content under another name; null for a file with one name, or when the kernel did not say.
     */
    public Identity sharedIdentity() {
        return shared;
    }

    /**
     * Reads on from the current file offset into the direct buffer {@code into}, from its position until it is
     * full, the file ends or the deadline passes; the buffer is then flipped (position 0, limit = bytes read).
     *
     * @param deadlineNanos {@link System#nanoTime()} after which the read stops with {@link Outcome#CUT_OFF}
     */
    public Outcome read(ByteBuffer into, long deadlineNanos) throws LinuxException {
        if (!into.isDirect()) {
            throw new IllegalArgumentException("a direct buffer is needed");
        }
        Pointer base = Native.getDirectBufferPointer(into);
        Outcome outcome = Outcome.COMPLETE;
        while (into.hasRemaining()) {
            if (System.nanoTime() - deadlineNanos > 0) {
                outcome = Outcome.CUT_OFF;
                break;
            }
            long n = Libc.read(fd, base.share(into.position()), Math.min(CHUNK, into.remaining()));
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == EINTR) {
                    continue;
                }
                if (errno == EAGAIN) {
                    outcome = Outcome.CUT_OFF; // not on a regular file; never wait for it
                    break;
                }
                throw new LinuxException("read " + path, errno);
            }
            if (n == 0) {
                break; // the file shrank meanwhile: it simply ends early
            }
            into.position(into.position() + (int) n);
        }
        into.flip();
        return outcome;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }

    private static Stat checkRegular(int fd, String path) throws LinuxException {
        try (Memory stx = new Memory(256)) {
            stx.clear();
            if (Libc.statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE | IDENTITY, stx) != 0) {
                throw new LinuxException("statx " + path, Native.getLastError());
            }
            int mode = stx.getShort(STATX_MODE_OFFSET) & 0xffff;
            if ((mode & S_IFMT) != S_IFREG) {
                throw new NotRegularException(path, describe(mode & S_IFMT));
            }
            long size = stx.getLong(STATX_SIZE_OFFSET);
            long links = stx.getInt(STATX_NLINK_OFFSET) & 0xffffffffL;
            if ((stx.getInt(0) & IDENTITY) != IDENTITY || links < 2) {
                return new Stat(size, null);
            }
            return new Stat(size, new Identity(stx.getInt(STATX_DEV_MAJOR_OFFSET) & 0xffffffffL,
                    stx.getInt(STATX_DEV_MINOR_OFFSET) & 0xffffffffL, stx.getLong(STATX_INO_OFFSET), size,
                    stx.getLong(STATX_MTIME_OFFSET), stx.getInt(STATX_MTIME_OFFSET + 8),
                    stx.getLong(STATX_CTIME_OFFSET), stx.getInt(STATX_CTIME_OFFSET + 8)));
        }
    }

    private static String describe(int type) {
        return switch (type) {
            case 0x1000 -> "a FIFO";
            case 0x2000 -> "a character device";
            case 0x6000 -> "a block device";
            case 0xC000 -> "a socket";
            case 0x4000 -> "a directory";
            default -> "type 0" + Integer.toOctalString(type);
        };
    }
}
