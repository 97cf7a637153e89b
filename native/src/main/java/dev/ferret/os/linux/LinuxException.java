package dev.ferret.os.linux;

/** A failed system call, with its errno. */
public class LinuxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public LinuxException(String operation, int errno) {
        super(operation + ": errno " + errno + describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> " (operation not permitted)";
            case 2 -> " (no such file or directory)";
            case 3 -> " (no such process)";
            case 13 -> " (permission denied)";
            case 20 -> " (not a directory)";
            default -> "";
        };
    }
}
