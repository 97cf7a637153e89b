package dev.ferret.os.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc entry points for the response actions: syscall(2) for signals and pidfds, poll(2) to wait
 * for a pidfd, ioctl(2) to read inode flags. Kept apart from {@link LibcDirect} (the scan's probes) so the two
 * evolve independently.
 */
final class LibcControl {
    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private LibcControl() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long syscall(long number, long a1, long a2, long a3, long a4);

    /** poll(2) on an array of struct pollfd (int fd; short events; short revents). */
    static native int poll(Pointer fds, long nfds, int timeoutMs);

    static native int ioctl(int fd, long request, Pointer arg);
}
