package dev.ferret.os.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.ferret.os.Platform;

import java.util.Locale;

/**
 * Signals for the response: SIGSTOP, SIGCONT and SIGKILL sent through the kernel directly (syscall(2), never a
 * libc wrapper a preloaded rootkit could hook), preferably through a pidfd so that a signal can never reach a
 * process that reused the pid of the one that was checked. A pidfd is opened first, the caller verifies the
 * process behind it (start time, executable) and then signals <em>that</em> process; if it exits in between,
 * the signal fails with ESRCH instead of hitting a newcomer.
 */
public final class ProcessSignals {
    public static final int SIGKILL = 9;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    /** errno values the callers distinguish. */
    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int ENOSYS = 38;

    private static final int POLLIN = 0x1;
    private static final int EINTR = 4;

    private final long killNr;
    private final long pidfdOpenNr;
    private final long pidfdSendSignalNr;

    private ProcessSignals(long killNr, long pidfdOpenNr, long pidfdSendSignalNr) {
        this.killNr = killNr;
        this.pidfdOpenNr = pidfdOpenNr;
        this.pidfdSendSignalNr = pidfdSendSignalNr;
    }

    /** The signal interface, or null off Linux or on an architecture without a known syscall table. */
    public static ProcessSignals open() {
        if (!Platform.isLinux()) {
            return null;
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        ProcessSignals s = switch (arch) {
            // pidfd_send_signal (424) and pidfd_open (434) have one number on every architecture (the unified table)
            case "amd64", "x86_64" -> new ProcessSignals(62, 434, 424);
            case "aarch64", "arm64" -> new ProcessSignals(129, 434, 424);
            default -> null;
        };
        if (s == null) {
            return null;
        }
        try {
            Class.forName(LibcControl.class.getName(), true, ProcessSignals.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return s;
    }

    /**
     * A pidfd for the process (Linux 5.3+).
     *
     * @return the descriptor (close it with {@link #close})
     * @throws LinuxException with ESRCH when the process does not exist, ENOSYS on older kernels
     */
    public int pidfdOpen(int pid) throws LinuxException {
        long fd = LibcControl.syscall(pidfdOpenNr, pid, 0, 0, 0);
        if (fd < 0) {
            throw new LinuxException("pidfd_open " + pid, Native.getLastError());
        }
        return (int) fd;
    }

    /** Sends a signal to the process a pidfd refers to. */
    public void pidfdSignal(int pidfd, int signal) throws LinuxException {
        long r = LibcControl.syscall(pidfdSendSignalNr, pidfd, signal, 0, 0);
        if (r < 0) {
            throw new LinuxException("pidfd_send_signal " + signal, Native.getLastError());
        }
    }

    /** kill(2) by pid, for kernels without pidfds. */
    public void kill(int pid, int signal) throws LinuxException {
        long r = LibcControl.syscall(killNr, pid, signal, 0, 0);
        if (r < 0) {
            throw new LinuxException("kill " + pid + " " + signal, Native.getLastError());
        }
    }

    /**
     * Waits until the process behind a pidfd has exited (the pidfd turns readable; a zombie counts as exited).
     *
     * @return true when it exited within the timeout
     */
    public boolean awaitExit(int pidfd, int timeoutMs) {
        try (Memory fds = new Memory(8)) {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (true) {
                fds.setInt(0, pidfd);
                fds.setShort(4, (short) POLLIN);
                fds.setShort(6, (short) 0);
                int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                int r = LibcControl.poll(fds, 1, left);
                if (r > 0) {
                    return (fds.getShort(6) & POLLIN) != 0;
                }
                if (r == 0 || Native.getLastError() != EINTR || left == 0) {
                    return false;
                }
            }
        }
    }

    public void close(int fd) {
        if (fd >= 0) {
            LibcControl.close(fd);
        }
    }
}
