package dev.ferret.os.linux;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a file of a host that may be hostile without ever blocking on it or being led elsewhere: opened with
 * {@code O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_NOCTTY|O_CLOEXEC} (a FIFO swapped in for the file opens at once instead of
 * waiting for a writer; a symlink swapped in fails with ELOOP), then the type of what was opened is checked on the
 * descriptor itself ({@code /proc/self/fd/N}, i.e. fstat) and only a regular file is read, with a byte cap and a time
 * budget. The JDK's own open has no O_NONBLOCK, which is why this goes through libc.
 */
public final class HostFileRead {
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EPERM = 1;
    private static final int ELOOP = 40;
    private static final int CHUNK = 64 * 1024;
    private static final boolean NATIVE = dev.ferret.os.Platform.isLinux() && libc();
    /** Without /proc (a bare chroot) the descriptor cannot be checked: the type is checked on the path instead. */
    private static final boolean PROC_SELF_FD = Files.isDirectory(Path.of("/proc/self/fd"));

    /** The file is not a regular file (a FIFO, socket, device or directory was found when opened). */
    public static final class NotRegularFileException extends FileSystemException {
        public NotRegularFileException(String file, String reason) {
            super(file, null, reason);
        }
    }

    /**
     * What was read: the bytes (at most the cap), the file's attributes from the opened descriptor, and whether the
     * read stopped early at the cap or the time budget.
     */
    public record Content(byte[] bytes, BasicFileAttributes attributes, boolean cutAtCap, boolean cutByTime) {
        public boolean cut() {
            return cutAtCap || cutByTime;
        }
    }

    private HostFileRead() {
    }

    /**
     * Reads up to {@code cap} bytes of a regular file, spending at most {@code budgetMillis} (checked between chunks).
     *
     * @throws NotRegularFileException when a FIFO, socket, device or directory is what was opened
     * @throws NoSuchFileException     when it vanished
     * @throws AccessDeniedException   when permission is denied
     * @throws FileSystemException     when the last component is a symbolic link (ELOOP)
     */
    public static Content read(Path file, long cap, long budgetMillis) throws IOException {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        try (Opened opened = open(file, false)) {
            FileChannel ch = opened.channel;
            long limit = Math.min(cap, Integer.MAX_VALUE - 16);
            byte[] buf = new byte[(int) Math.min(limit, Math.max(CHUNK, opened.attributes.size() + 1))];
            int n = 0;
            boolean byTime = false;
            while (n < limit) {
                if (n == buf.length) {
                    // procfs files report size 0 and files grow: read on up to the cap
                    buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
                }
                int r = ch.read(ByteBuffer.wrap(buf, n, Math.min(buf.length - n, CHUNK)));
                if (r < 0) {
                    break;
                }
                n += r;
                if (System.nanoTime() > deadline) {
                    byTime = true;
                    break;
                }
            }
            boolean atCap = !byTime && n >= limit && ch.read(ByteBuffer.allocate(1)) > 0;
            return new Content(n == buf.length ? buf : Arrays.copyOf(buf, n), opened.attributes, atCap, byTime);
        }
    }

    /**
     * Opens a regular file for streaming (logs, login records) the same way: non-blocking, no-follow, its type checked
     * on the descriptor. The caller bounds what it reads.
     */
    public static FileChannel openRegular(Path file) throws IOException {
        return open(file, false).channel;
    }

    /**
     * As {@link #openRegular(Path)}, following a link in the last component when {@code follow} is true (a process's
     * {@code /proc/<pid>/exe}, which is a link by nature): still non-blocking, still regular files only.
     */
    public static FileChannel openRegular(Path file, boolean follow) throws IOException {
        return open(file, follow).channel;
    }

    /** An opened regular file: a JDK channel on the descriptor that was checked. */
    private static final class Opened implements AutoCloseable {
        final FileChannel channel;
        final BasicFileAttributes attributes;

        Opened(FileChannel channel, BasicFileAttributes attributes) {
            this.channel = channel;
            this.attributes = attributes;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static boolean libc() {
        try {
            Class.forName(LibcDirect.class.getName(), true, HostFileRead.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Opened open(Path file, boolean follow) throws IOException {
        String name = file.toString();
        if (!NATIVE || !PROC_SELF_FD) {
            BasicFileAttributes a = follow ? Files.readAttributes(file, BasicFileAttributes.class)
                    : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new NotRegularFileException(name, "not a regular file");
            }
            return new Opened(follow ? FileChannel.open(file, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), a);
        }
        int fd = LibcDirect.open(NativePaths.cString(file), O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW) | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            switch (errno) {
                case ENOENT -> throw new NoSuchFileException(name);
                case EACCES, EPERM -> throw new AccessDeniedException(name);
                case ELOOP -> throw new FileSystemException(name, null, "is a symbolic link: not followed");
                default -> throw new FileSystemException(name, null, "open failed, errno " + errno);
            }
        }
        try {
            // stat of the descriptor's magic link is fstat(fd): the type of what was opened, not of what the
            // name points to now
            Path self = Path.of("/proc/self/fd/" + fd);
            BasicFileAttributes a = Files.readAttributes(self, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new NotRegularFileException(name, a.isDirectory() ? "a directory" : a.isOther()
                        ? "not a regular file (FIFO, socket or device): not read" : "not a regular file");
            }
            // re-opening a regular file through the descriptor reaches the same inode and cannot block
            return new Opened(FileChannel.open(self, StandardOpenOption.READ), a);
        } finally {
            LibcDirect.close(fd);
        }
    }
}
