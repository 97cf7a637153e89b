package dev.ferret.os.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.ferret.os.Platform;

import java.util.ArrayList;
import java.util.List;

/**
 * Views of the system that bypass libc's user-space wrappers. A rootkit loaded through
 * /etc/ld.so.preload hooks readdir() in every dynamically linked program — this JVM included — so
 * directory listings and process probes for hidden-process detection go to the kernel directly.
 */
public final class LinuxKernel {
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int ESRCH = 3;
    private static final int EPERM = 1;

    private final SyscallNumbers numbers;

    private LinuxKernel(SyscallNumbers numbers) {
        this.numbers = numbers;
    }

    /** The kernel view, or null on an OS or architecture without a known syscall table (offline scans). */
    public static LinuxKernel open() {
        SyscallNumbers numbers = SyscallNumbers.forCurrentArch();
        if (numbers == null || !Platform.isLinux()) {
            return null;
        }
        try {
            Class.forName(LibcDirect.class.getName(), true, LinuxKernel.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return new LinuxKernel(numbers);
    }

    /**
     * Names in a directory, read with the getdents64 system call (libc's readdir is not involved).
     *
     * @throws LinuxException when the directory cannot be opened or read
     */
    public List<String> listDirectory(String path) throws LinuxException {
        int fd = LibcDirect.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            throw new LinuxException("open " + path, Native.getLastError());
        }
        List<String> names = new ArrayList<>();
        try (Memory buffer = new Memory(64 * 1024)) {
            while (true) {
                long n = LibcDirect.syscall(numbers.getdents64(), fd, buffer, buffer.size());
                if (n < 0) {
                    throw new LinuxException("getdents64 " + path, Native.getLastError());
                }
                if (n == 0) {
                    break;
                }
                DirentParser.parse(buffer.getByteArray(0, (int) n), names);
            }
        } finally {
            LibcDirect.close(fd);
        }
        return names;
    }

    /**
     * Whether a task with this id exists, asked of the kernel with kill(pid, 0) through syscall(2), which
     * no readdir hook can filter. True for thread ids too: callers keep thread-group leaders themselves.
     */
    public boolean taskExists(int pid) {
        long r = LibcDirect.syscall(numbers.kill(), pid, 0, 0);
        if (r == 0) {
            return true;
        }
        int errno = Native.getLastError();
        return errno == EPERM || errno != ESRCH && errno != 0;
    }
}
