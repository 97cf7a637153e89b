package dev.ferret.os.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc entry points. Direct mapping keeps a call well under a microsecond, which matters
 * when probing every pid up to pid_max (4 million on current kernels).
 */
final class LibcDirect {
    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private LibcDirect() {
    }

    static native int open(String path, int flags);

    /** open(2) with the path's exact bytes, NUL-terminated ({@link NativePaths#cString}). */
    static native int open(byte[] path, int flags);

    static native int close(int fd);

    /** syscall(2) with three integer arguments; variadic in C, safe to call this way on x86-64 and aarch64. */
    static native long syscall(long number, long a1, long a2, long a3);

    static native long syscall(long number, long a1, Pointer a2, long a3);
}
