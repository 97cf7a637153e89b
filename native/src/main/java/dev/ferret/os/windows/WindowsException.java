package dev.ferret.os.windows;

/** A failed Windows API call, with its Win32 error code (or NTSTATUS / HRESULT, said in the message). */
public class WindowsException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_PATH_NOT_FOUND = 3;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_PARTIAL_COPY = 299;
    public static final int ERROR_NOACCESS = 998;
    /** Not a Win32 code: the call needs Windows and this is not Windows. */
    public static final int NOT_WINDOWS = -1;

    private final int code;

    public WindowsException(String operation, int code) {
        super(operation + ": " + describe(code));
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Access denied: a protected process, or not enough privilege. Counted in coverage, never fatal. */
    public boolean accessDenied() {
        return code == ERROR_ACCESS_DENIED;
    }

    /** The object is gone: a process that exited (OpenProcess answers ERROR_INVALID_PARAMETER), a missing key. */
    public boolean gone() {
        return code == ERROR_INVALID_PARAMETER || code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND
                || code == ERROR_INVALID_HANDLE;
    }

    static String describe(int code) {
        String text = switch (code) {
            case NOT_WINDOWS -> "not running on Windows";
            case ERROR_FILE_NOT_FOUND -> "file not found";
            case ERROR_PATH_NOT_FOUND -> "path not found";
            case ERROR_ACCESS_DENIED -> "access denied";
            case ERROR_INVALID_HANDLE -> "invalid handle";
            case ERROR_INVALID_PARAMETER -> "invalid parameter (the process exited?)";
            case ERROR_PARTIAL_COPY -> "partial copy (memory changed or 32/64-bit mismatch)";
            case ERROR_NOACCESS -> "invalid access to memory location";
            default -> null;
        };
        return text == null ? "error " + code + String.format(" (0x%08X)", code) : "error " + code + " (" + text + ")";
    }
}
