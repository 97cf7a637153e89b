package dev.ferret.yara;

import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiled rules. Thread-safe: any number of threads may scan with one instance, each scan (or
 * each {@link YaraScanner}) having its own libyara scanner and external-variable values.
 * {@link #close()} frees the native rules once the last scanner made from them is closed too.
 *
 * <p>The {@code scan*} methods here make a scanner per call; a thread scanning many files should
 * keep one {@link #newScanner()} instead (creating a scanner allocates per-string tables).
 */
public final class YaraRules implements AutoCloseable {

    private final Yara yara;
    private final Pointer rules;
    private final Lifetime lifetime;
    private final Map<String, Externals.Declared> externals;
    private final int ruleCount;

    /** Takes ownership of {@code rules}: destroys them if this constructor fails. */
    YaraRules(Yara yara, Pointer rules) {
        try {
            this.externals = Externals.read(yara.layout(), rules);
            this.ruleCount = countRules(yara.layout(), rules);
            yara.acquire();
        } catch (RuntimeException e) {
            yara.lib().yr_rules_destroy(rules);
            throw e;
        }
        this.yara = yara;
        this.rules = rules;
        this.lifetime = new Lifetime("compiled rules", () -> {
            yara.lib().yr_rules_destroy(rules);
            yara.release();
        });
    }

    /** Number of rules, private and global ones included. */
    public int ruleCount() {
        return ruleCount;
    }

    /** External variables the rules declare, with their compile-time values. */
    public Map<String, Object> externals() {
        Map<String, Object> out = new LinkedHashMap<>();
        externals.values().forEach(d -> out.put(d.name(), d.defaultValue()));
        return out;
    }

    /** Writes the compiled form (loadable with {@link Yara#loadRules(Path)} by the same libyara). */
    public void save(Path file) throws YaraException {
        lifetime.checkOpen();
        int rc = yara.lib().yr_rules_save(rules, NativeStrings.path(file));
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw YaraException.of(rc, "cannot save compiled rules to " + file);
        }
    }

    /** A scanner for one thread; reuse it for many scans. */
    public YaraScanner newScanner() throws YaraException {
        return new YaraScanner(this);
    }

    public List<YaraMatch> scanMemory(byte[] data, Map<String, ?> externals, int timeoutSeconds)
            throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanMemory(data, externals, timeoutSeconds);
        }
    }

    public List<YaraMatch> scanMemory(ByteBuffer buffer, Map<String, ?> externals, int timeoutSeconds)
            throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanMemory(buffer, externals, timeoutSeconds);
        }
    }

    public List<YaraMatch> scanMemory(Pointer address, long length, Map<String, ?> externals, int timeoutSeconds)
            throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanMemory(address, length, externals, timeoutSeconds);
        }
    }

    public List<YaraMatch> scanFile(Path file, Map<String, ?> externals, int timeoutSeconds) throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanFile(file, externals, timeoutSeconds);
        }
    }

    public List<YaraMatch> scanFd(int fd, Map<String, ?> externals, int timeoutSeconds) throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanFd(fd, externals, timeoutSeconds);
        }
    }

    public List<YaraMatch> scanProcess(int pid, Map<String, ?> externals, int timeoutSeconds) throws YaraException {
        try (YaraScanner s = newScanner()) {
            return s.scanProcess(pid, externals, timeoutSeconds);
        }
    }

    @Override
    public void close() {
        lifetime.close();
    }

    Yara yara() {
        return yara;
    }

    Pointer pointer() {
        return rules;
    }

    Map<String, Externals.Declared> declaredExternals() {
        return externals;
    }

    void acquire() {
        lifetime.acquire();
    }

    void release() {
        lifetime.releaseOne();
    }

    /** The rules table ends with an entry flagged RULE_FLAGS_NULL. */
    private static int countRules(YaraLayout layout, Pointer rules) {
        Pointer rule = rules.getPointer(layout.rulesRulesTable());
        int n = 0;
        while (rule != null && (rule.getInt(0) & YaraLayout.RULE_FLAGS_NULL) == 0) {
            n++;
            rule = rule.share(layout.ruleSize());
        }
        return n;
    }
}
