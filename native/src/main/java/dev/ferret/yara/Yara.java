package dev.ferret.yara;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loaded, initialised libyara. Each handle calls {@code yr_initialize} once and
 * {@code yr_finalize} when the handle and everything made from it (compilers, rules, scanners)
 * are closed; libyara counts initialisations itself, so several handles may coexist. Thread-safe:
 * compilers, rules and scanners made from one handle may be used on different threads.
 *
 * <p>Where the library comes from, first match wins:
 * <ol>
 *   <li>system property {@value #LIBRARY_PROPERTY}: an absolute path (the runtime image sets it);
 *   <li>{@code ${ferret.home}/lib/libyara.so} (yara.dll on Windows), if {@value #HOME_PROPERTY}
 *       is set and that file exists;
 *   <li>the system library by name: {@code yara}, {@code libyara.so.9}, {@code libyara.so.10}.
 * </ol>
 * A library named by path (1 or 2) is authoritative: if it fails to load, loading fails rather
 * than falling back to whatever libyara the host has, which the kit must never pick up.
 */
public final class Yara implements AutoCloseable {

    public static final String LIBRARY_PROPERTY = "ferret.yara.library";
    public static final String HOME_PROPERTY = "ferret.home";
    static final List<String> SYSTEM_NAMES = List.of("yara", "libyara.so.9", "libyara.so.10");

    // yr_initialize/yr_finalize update a plain counter inside libyara: serialise them.
    private static final Object INIT_LOCK = new Object();

    private final YaraLibrary lib;
    private final YaraLayout layout;
    private final String origin;
    private final Lifetime lifetime;

    private Yara(YaraLibrary lib, YaraLayout layout, String origin) {
        this.lib = lib;
        this.layout = layout;
        this.origin = origin;
        this.lifetime = new Lifetime("libyara handle", this::finalizeLibrary);
    }

    /** Loads libyara following the lookup order above, using the JVM's system properties. */
    public static Yara load() throws YaraUnavailableException {
        return load(System::getProperty);
    }

    /** Same as {@link #load()} with the properties taken from {@code properties} (for tests). */
    static Yara load(UnaryOperator<String> properties) throws YaraUnavailableException {
        String explicit = properties.apply(LIBRARY_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return loadFrom(Path.of(explicit.trim()));
        }
        String home = properties.apply(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            Path bundled = Path.of(home.trim(), "lib", bundledFileName());
            if (Files.exists(bundled)) {
                return loadFrom(bundled);
            }
        }
        return loadSystem();
    }

    /** Loads the libyara at {@code library} (made absolute), and nothing else. */
    public static Yara loadFrom(Path library) throws YaraUnavailableException {
        Path path = library.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new YaraUnavailableException("libyara not found: " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new YaraUnavailableException("libyara not found: " + path + " is not a file");
        }
        YaraLibrary lib;
        try {
            lib = Native.load(path.toString(), YaraLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            String why = reason(e);
            // dlerror() usually repeats the path: "/x/libyara.so: file too short".
            if (why.startsWith(path + ": ")) {
                why = why.substring(path.toString().length() + 2);
            }
            throw new YaraUnavailableException("libyara failed to load: " + path + ": " + why);
        }
        return open(lib, path.toString());
    }

    private static Yara loadSystem() throws YaraUnavailableException {
        List<String> failures = new ArrayList<>();
        for (String name : SYSTEM_NAMES) {
            YaraLibrary lib;
            try {
                lib = Native.load(name, YaraLibrary.class);
            } catch (UnsatisfiedLinkError e) {
                String why = reason(e);
                if (!isNotFound(why)) {
                    failures.add(name + ": " + why);
                }
                continue;
            }
            return open(lib, name);
        }
        if (failures.isEmpty()) {
            throw new YaraUnavailableException("libyara not found (tried system libraries "
                    + String.join(", ", SYSTEM_NAMES) + "; set -D" + LIBRARY_PROPERTY + "=/path/to/libyara)");
        }
        throw new YaraUnavailableException("libyara failed to load: " + failures.get(0));
    }

    private static Yara open(YaraLibrary lib, String origin) throws YaraUnavailableException {
        if (Native.POINTER_SIZE != 8) {
            throw new YaraUnavailableException("libyara binding needs a 64-bit JVM (struct offsets are 64-bit)");
        }
        synchronized (INIT_LOCK) {
            int rc;
            try {
                rc = lib.yr_initialize();
            } catch (UnsatisfiedLinkError e) {
                throw new YaraUnavailableException("libyara failed to load: " + origin
                        + " is not libyara (" + reason(e) + ")");
            }
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                throw new YaraUnavailableException("libyara failed to load: " + origin
                        + ": yr_initialize returned " + YaraErrors.name(rc));
            }
            try {
                return new Yara(lib, LayoutProbe.detect(lib), origin);
            } catch (YaraUnavailableException e) {
                lib.yr_finalize();
                throw new YaraUnavailableException(e.getMessage() + " in " + origin);
            } catch (RuntimeException | LinkageError e) {
                lib.yr_finalize();
                throw new YaraUnavailableException("libyara failed to load: " + origin + ": " + e);
            }
        }
    }

    /** The struct layout detected at load time. */
    public YaraLayout layout() {
        return layout;
    }

    /** Where the library was loaded from: an absolute path or a system library name. */
    public String origin() {
        return origin;
    }

    /**
     * A compiler with the standard external variables ({@link YaraCompiler#STANDARD_EXTERNALS})
     * already defined as empty strings. Not thread-safe.
     */
    public YaraCompiler newCompiler() {
        return new YaraCompiler(this);
    }

    /** Loads rules saved by {@link YaraRules#save(Path)} (or by {@code yarac} of the same libyara). */
    public YaraRules loadRules(Path file) throws YaraException {
        lifetime.checkOpen();
        if (!Files.isRegularFile(file)) {
            throw new YaraException(YaraErrors.COULD_NOT_OPEN_FILE, "compiled rules not found: " + file);
        }
        PointerByReference ref = new PointerByReference();
        int rc = lib.yr_rules_load(NativeStrings.path(file), ref);
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw YaraException.of(rc, "cannot load compiled rules " + file);
        }
        return new YaraRules(this, ref.getValue());
    }

    /**
     * Releases this handle. {@code yr_finalize} runs once every compiler, rule set and scanner
     * made from it is closed too.
     */
    @Override
    public void close() {
        lifetime.close();
    }

    YaraLibrary lib() {
        return lib;
    }

    void acquire() {
        lifetime.acquire();
    }

    void release() {
        lifetime.releaseOne();
    }

    private void finalizeLibrary() {
        synchronized (INIT_LOCK) {
            lib.yr_finalize();
        }
    }

    @Override
    public String toString() {
        return "libyara from " + origin + ", " + layout;
    }

    private static String bundledFileName() {
        if (Platform.isWindows()) {
            return "yara.dll";
        }
        return Platform.isMac() ? "libyara.dylib" : "libyara.so";
    }

    /** The dynamic loader's own words, on one line (JNA wraps them in several). */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String best = null;
        for (String line : message.split("\\R")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("Unable to load library") || t.startsWith("Native library (")) {
                continue;
            }
            if (best == null || isNotFound(best) && !isNotFound(t)) {
                best = t;
            }
        }
        String out = best != null ? best : message.replaceAll("\\s+", " ").trim();
        return out.length() > 300 ? out.substring(0, 300) + "..." : out;
    }

    private static boolean isNotFound(String reason) {
        return reason.contains("cannot open shared object file") || reason.contains("No such file")
                || reason.contains("not found") || reason.contains("The specified module could not be found");
    }
}
