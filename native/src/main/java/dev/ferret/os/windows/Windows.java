package dev.ferret.os.windows;

import dev.ferret.os.Platform;

/**
 * Entry point checks for the Windows bindings. Every wrapper in this package calls {@link #require()} before it
 * touches a DLL, so on Linux (where this code is compiled and its pure parts are tested) nothing is loaded.
 */
public final class Windows {
    private Windows() {
    }

    public static boolean isWindows() {
        return Platform.isWindows();
    }

    /** @throws WindowsException with {@link WindowsException#NOT_WINDOWS} anywhere but Windows */
    public static void require() throws WindowsException {
        if (!isWindows()) {
            throw new WindowsException("Windows API", WindowsException.NOT_WINDOWS);
        }
    }
}
