package dev.ferret.yara;

/**
 * A libyara call failed. Checked on purpose: a scanner must count a failed file or process in
 * its coverage and carry on, so callers have to decide what a failure means.
 */
public class YaraException extends Exception {

    /** Marks an exception that does not come from a libyara return code. */
    public static final int NO_CODE = -1;

    private final int code;

    public YaraException(String message) {
        this(NO_CODE, message, null);
    }

    public YaraException(int code, String message) {
        this(code, message, null);
    }

    public YaraException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The libyara error code ({@code yara/error.h}), or {@link #NO_CODE}. */
    public int code() {
        return code;
    }

    /** The libyara name of {@link #code()}, e.g. {@code ERROR_SCAN_TIMEOUT}; empty without a code. */
    public String errorName() {
        return code == NO_CODE ? "" : YaraErrors.name(code);
    }

    static YaraException of(int code, String what) {
        return new YaraException(code, what + ": " + YaraErrors.name(code));
    }
}
