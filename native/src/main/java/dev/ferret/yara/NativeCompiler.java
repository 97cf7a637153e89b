package dev.ferret.yara;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code YR_COMPILER}: externals defined, includes disabled, diagnostics collected.
 * libyara's compiler is single-use after an error (further sources and {@code get_rules} are
 * refused), which is why {@link YaraCompiler} runs each source through a throw-away one first.
 */
final class NativeCompiler implements AutoCloseable {

    /** One compiler message, before it is attributed to a source. */
    record Diagnostic(boolean warning, int line, String message, String rule) {
    }

    private final YaraLibrary lib;
    private final YaraLayout layout;
    private final Pointer compiler;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    // Referenced from a field: libyara keeps calling it for every add_string on this compiler.
    private final YaraLibrary.CompilerCallback callback = this::onMessage;
    private boolean closed;

    NativeCompiler(Yara yara, Map<String, Object> externals) throws YaraException {
        this.lib = yara.lib();
        this.layout = yara.layout();
        PointerByReference ref = new PointerByReference();
        int rc = lib.yr_compiler_create(ref);
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw YaraException.of(rc, "cannot create a libyara compiler");
        }
        this.compiler = ref.getValue();
        lib.yr_compiler_set_callback(compiler, callback, null);
        // Rules come from the kit or a resources jar: an include would resolve against the
        // current directory of the suspect host. libyara reports "includes are disabled".
        lib.yr_compiler_set_include_callback(compiler, null, null, null);
        for (Map.Entry<String, Object> e : externals.entrySet()) {
            rc = Externals.defineOnCompiler(lib, compiler, e.getKey(), e.getValue());
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                close();
                throw YaraException.of(rc, "cannot define external variable " + e.getKey());
            }
        }
    }

    /** Compiles {@code source} (NUL-terminated) into {@code namespace}; returns its diagnostics. */
    List<Diagnostic> add(byte[] source, String namespace) {
        diagnostics.clear();
        int errors = lib.yr_compiler_add_string(compiler, source, NativeStrings.c(namespace));
        Reference.reachabilityFence(callback);
        if (errors > 0 && diagnostics.stream().allMatch(Diagnostic::warning)) {
            diagnostics.add(new Diagnostic(false, 0, errors + " compile error(s) not reported by libyara", null));
        }
        return List.copyOf(diagnostics);
    }

    /** Builds the rules; the compiler cannot be used for anything else afterwards. */
    Pointer rules() throws YaraException {
        PointerByReference ref = new PointerByReference();
        int rc = lib.yr_compiler_get_rules(compiler, ref);
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw YaraException.of(rc, "cannot build compiled rules");
        }
        return ref.getValue();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lib.yr_compiler_destroy(compiler);
        }
    }

    private void onMessage(int level, Pointer fileName, int line, Pointer rule, Pointer message, Pointer userData) {
        try {
            String ruleName = rule == null ? null : NativeStrings.readPointed(rule, layout.ruleIdentifier());
            diagnostics.add(new Diagnostic(level == YaraLibrary.YARA_ERROR_LEVEL_WARNING, line,
                    NativeStrings.read(message, 0), ruleName));
        } catch (RuntimeException e) {
            // Never let an exception cross back into libyara; keep the message without a rule.
            diagnostics.add(new Diagnostic(level == YaraLibrary.YARA_ERROR_LEVEL_WARNING, line,
                    String.valueOf(NativeStrings.read(message, 0)), null));
        }
    }
}
