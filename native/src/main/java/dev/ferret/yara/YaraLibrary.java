package dev.ferret.yara;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libyara functions ferret calls, mapped by JNA (interface mapping: calls are few per scan,
 * so the proxy overhead does not matter). Strings go in as NUL-terminated byte arrays built by
 * {@link NativeStrings}, so the encoding is ours to choose, not the platform default's.
 * {@code size_t} is mapped to {@code long}: {@link Yara} refuses 32-bit runtimes.
 */
interface YaraLibrary extends Library {

    int ERROR_SUCCESS = 0;

    int CALLBACK_MSG_RULE_MATCHING = 1;
    int CALLBACK_MSG_TOO_MANY_MATCHES = 6;
    int CALLBACK_CONTINUE = 0;
    int CALLBACK_ERROR = 2;

    int SCAN_FLAGS_FAST_MODE = 1;
    // libyara 4.2 installs process-wide SIGSEGV/SIGBUS handlers during a scan unless told not to;
    // those handlers swallow the signals the JVM uses for safepoints and null checks in other
    // threads. ferret therefore always sets this flag and never lets libyara mmap a file.
    int SCAN_FLAGS_NO_TRYCATCH = 4;
    int SCAN_FLAGS_REPORT_RULES_MATCHING = 8;

    int YARA_ERROR_LEVEL_WARNING = 1;

    int yr_initialize();

    int yr_finalize();

    int yr_compiler_create(PointerByReference compiler);

    void yr_compiler_destroy(Pointer compiler);

    void yr_compiler_set_callback(Pointer compiler, CompilerCallback callback, Pointer userData);

    void yr_compiler_set_include_callback(Pointer compiler, Callback include, Callback free, Pointer userData);

    int yr_compiler_add_string(Pointer compiler, byte[] rules, byte[] namespace);

    int yr_compiler_define_integer_variable(Pointer compiler, byte[] identifier, long value);

    int yr_compiler_define_boolean_variable(Pointer compiler, byte[] identifier, int value);

    int yr_compiler_define_float_variable(Pointer compiler, byte[] identifier, double value);

    int yr_compiler_define_string_variable(Pointer compiler, byte[] identifier, byte[] value);

    int yr_compiler_get_rules(Pointer compiler, PointerByReference rules);

    int yr_rules_save(Pointer rules, byte[] filename);

    int yr_rules_load(byte[] filename, PointerByReference rules);

    int yr_rules_destroy(Pointer rules);

    int yr_scanner_create(Pointer rules, PointerByReference scanner);

    void yr_scanner_destroy(Pointer scanner);

    void yr_scanner_set_callback(Pointer scanner, ScanCallback callback, Pointer userData);

    void yr_scanner_set_timeout(Pointer scanner, int seconds);

    void yr_scanner_set_flags(Pointer scanner, int flags);

    int yr_scanner_define_integer_variable(Pointer scanner, byte[] identifier, long value);

    int yr_scanner_define_boolean_variable(Pointer scanner, byte[] identifier, int value);

    int yr_scanner_define_float_variable(Pointer scanner, byte[] identifier, double value);

    int yr_scanner_define_string_variable(Pointer scanner, byte[] identifier, byte[] value);

    int yr_scanner_scan_mem(Pointer scanner, Pointer buffer, long length);

    int yr_scanner_scan_fd(Pointer scanner, int fd);

    int yr_scanner_scan_proc(Pointer scanner, int pid);

    /** {@code YR_COMPILER_CALLBACK_FUNC}: one call per compile error or warning. */
    interface CompilerCallback extends Callback {
        void invoke(int errorLevel, Pointer fileName, int lineNumber, Pointer rule, Pointer message, Pointer userData);
    }

    /** {@code YR_CALLBACK_FUNC}: called on the scanning thread, inside the scan call. */
    interface ScanCallback extends Callback {
        int invoke(Pointer context, int message, Pointer messageData, Pointer userData);
    }
}
