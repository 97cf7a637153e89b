package dev.ferret.yara;

import dev.ferret.os.linux.HostFileRead;
import dev.ferret.yara.NativeCompiler.Diagnostic;
import dev.ferret.yara.SourceOutline.RuleSpan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles rule sources into {@link YaraRules}, leaving out what does not compile instead of
 * failing: a community rule set may well contain a rule this libyara rejects.
 *
 * <p>libyara's compiler is unusable after its first error, so every source is first compiled on
 * its own by a throw-away compiler. If that fails, the rules the errors point at are blanked out
 * (by the compiler's rule name, else by line, using {@link SourceOutline}) and the source is
 * checked again, until it compiles; only then is it added to the combined compiler. Granularity
 * is therefore per rule; it falls back to the whole source when an error lies outside any rule
 * (an unknown {@code import}, a syntax error between rules) or the outline cannot be trusted.
 * A rule that only failed because it referenced a dropped rule is dropped in a later round, with
 * libyara's "undefined identifier" message as its reason. A rule name already defined by an
 * earlier source in the same namespace is dropped too ("duplicate rule name").
 *
 * <p>Consequences: each source is compiled at least twice, and rules cannot reference rules in
 * other sources (each source must compile on its own). Includes are disabled. Not thread-safe.
 */
public final class YaraCompiler implements AutoCloseable {

    /** External variables community rule sets expect (from LOKI/THOR); defined as "". */
    public static final List<String> STANDARD_EXTERNALS =
            List.of("filename", "filepath", "extension", "filetype", "owner");
    public static final String DEFAULT_NAMESPACE = "default";
    private static final long MAX_RULE_FILE_BYTES = 512L << 20;

    private record Accepted(String namespace, byte[] source) {
    }

    private final Yara yara;
    private final Map<String, Object> externals = new LinkedHashMap<>();
    private final List<CompileError> errors = new ArrayList<>();
    private final List<CompileError> warnings = new ArrayList<>();
    private final List<CompileSkip> skipped = new ArrayList<>();
    private final List<Accepted> accepted = new ArrayList<>();
    private final Map<String, Map<String, String>> ruleSources = new HashMap<>();
    private NativeCompiler combined;
    private int unnamedSources;
    private boolean sourcesAdded;
    private boolean closed;

    YaraCompiler(Yara yara) {
        yara.acquire();
        this.yara = yara;
        STANDARD_EXTERNALS.forEach(name -> externals.put(name, ""));
    }

    public YaraCompiler defineExternal(String name, String value) {
        return define(name, value);
    }

    public YaraCompiler defineExternal(String name, long value) {
        return define(name, value);
    }

    public YaraCompiler defineExternal(String name, boolean value) {
        return define(name, value);
    }

    public YaraCompiler defineExternal(String name, double value) {
        return define(name, value);
    }

    /**
     * Adds rules from a string.
     *
     * @param sourceName how errors and skips name this source
     * @return true if every rule was accepted; false if something was skipped (see {@link #skipped()})
     */
    public boolean addString(String source, String namespace, String sourceName) throws YaraException {
        return addBytes(source.getBytes(StandardCharsets.UTF_8), namespace, sourceName);
    }

    /** {@link #addString(String, String, String)} into the default namespace. */
    public boolean addString(String source) throws YaraException {
        return addString(source, DEFAULT_NAMESPACE, "string#" + (++unnamedSources));
    }

    /**
     * Adds a rule file, read as raw bytes (no charset assumptions), non-blocking and regular files only: a FIFO or a
     * device named as a rule file is refused ({@link HostFileRead.NotRegularFileException}), never waited on.
     */
    public boolean addFile(Path file, String namespace) throws IOException, YaraException {
        HostFileRead.Content content = HostFileRead.read(file, MAX_RULE_FILE_BYTES, 60_000);
        if (content.cut()) {
            throw new IOException(file + ": rule file larger than " + (MAX_RULE_FILE_BYTES >> 20)
                    + " MiB or too slow to read");
        }
        return addBytes(content.bytes(), namespace, file.toString());
    }

    public boolean addFile(Path file) throws IOException, YaraException {
        return addFile(file, DEFAULT_NAMESPACE);
    }

    /** Every compile error met, including those of rules and sources that were then skipped. */
    public List<CompileError> errors() {
        return List.copyOf(errors);
    }

    /** Warnings (e.g. "string may slow down scanning") of the rules that were accepted. */
    public List<CompileError> warnings() {
        return List.copyOf(warnings);
    }

    /** What was left out, and why. */
    public List<CompileSkip> skipped() {
        return List.copyOf(skipped);
    }

    /** Builds the rules from everything accepted so far; this compiler is closed afterwards. */
    public YaraRules build() throws YaraException {
        checkUsable();
        try {
            return new YaraRules(yara, combined().rules());
        } finally {
            close();
        }
    }

    /**
     * Builds the rules, and beside them the same rules split by what can provably match
     * ({@link RulePartition}); this compiler is closed afterwards. The caller owns the whole set.
     */
    public PartitionedRules buildPartitioned() throws YaraException {
        checkUsable();
        RulePartition plan = RulePartition.plan(accepted.stream()
                .map(a -> new RulePartition.Source(a.namespace(), a.source())).toList(), externals.keySet());
        Map<String, Object> definitions = new LinkedHashMap<>(externals);
        return new PartitionedRules(yara, definitions, plan, build());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (combined != null) {
            combined.close();
            combined = null;
        }
        accepted.clear();
        yara.release();
    }

    private YaraCompiler define(String name, Object value) {
        checkUsable();
        if (sourcesAdded) {
            throw new IllegalStateException("define external variables before adding sources");
        }
        externals.put(name, Externals.normaliseDefinition(name, value));
        return this;
    }

    /**
     * Adds rules from raw bytes (e.g. a rule file inside a resources jar), without assuming a
     * charset: YARA sources are ASCII with arbitrary bytes allowed inside strings.
     */
    public boolean addBytes(byte[] text, String namespace, String sourceName) throws YaraException {
        checkUsable();
        sourcesAdded = true;
        Pending source = new Pending(sourceName,
                namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, text);
        dropKnownNames(source);
        List<Diagnostic> warningsOfSource = dropFailingRules(source);
        if (warningsOfSource == null) {
            return false; // skipped whole
        }
        if (source.outline.wellFormed() && source.remaining.isEmpty() && !source.outline.rules().isEmpty()) {
            skipped.addAll(source.skips);
            return false; // every rule was dropped: nothing left to add
        }
        List<Diagnostic> refused = combined().add(NativeStrings.terminated(source.text), source.namespace)
                .stream().filter(d -> !d.warning()).toList();
        if (!refused.isEmpty()) {
            // Compiled alone but not together with earlier sources (a clash the outline could
            // not see). The combined compiler is now unusable: rebuild it without this source.
            refused.forEach(d -> errors.add(new CompileError(source.label, d.line(), d.message(), d.rule())));
            rebuildCombined();
            return skipWhole(source.label, refused.get(0).line(),
                    "does not compile together with earlier sources: " + refused.get(0).message());
        }
        warningsOfSource.forEach(d -> warnings.add(new CompileError(source.label, d.line(), d.message(), d.rule())));
        accepted.add(new Accepted(source.namespace, source.text));
        Map<String, String> known = ruleSources.computeIfAbsent(source.namespace, k -> new HashMap<>());
        source.remaining.forEach(rule -> known.put(rule.name(), source.label));
        skipped.addAll(source.skips);
        return source.skips.isEmpty();
    }

    /** A source on its way in: its text shrinks as failing rules are blanked out. */
    private static final class Pending {
        final String label;
        final String namespace;
        final SourceOutline outline;
        final List<RuleSpan> remaining;
        final List<CompileSkip> skips = new ArrayList<>();
        byte[] text;

        Pending(String label, String namespace, byte[] text) {
            this.label = label;
            this.namespace = namespace;
            this.text = text;
            this.outline = SourceOutline.of(text);
            // Without a trustworthy outline no rule can be singled out: errors skip the source.
            this.remaining = new ArrayList<>(outline.wellFormed() ? outline.rules() : List.of());
        }

        void drop(RuleSpan rule, int line, String reason) {
            text = SourceOutline.blank(text, rule);
            remaining.remove(rule);
            skips.add(new CompileSkip(label, rule.name(), line, reason));
        }
    }

    /** Drops rules whose name an earlier source in the namespace defined: libyara would refuse them. */
    private void dropKnownNames(Pending source) {
        Map<String, String> known = ruleSources.getOrDefault(source.namespace, Map.of());
        for (RuleSpan rule : List.copyOf(source.remaining)) {
            String owner = known.get(rule.name());
            if (owner != null) {
                source.drop(rule, rule.firstLine(), "duplicate rule name: already defined in " + owner);
            }
        }
    }

    /**
     * Checks the source with throw-away compilers, dropping the rules each round's errors point
     * at, until it compiles. Returns the warnings of the final round, or null if the source was
     * skipped whole (an error no remaining rule accounts for). Terminates: every round that does
     * not end the loop drops at least one rule.
     */
    private List<Diagnostic> dropFailingRules(Pending source) throws YaraException {
        while (true) {
            List<Diagnostic> diagnostics = check(source.text, source.namespace);
            List<Diagnostic> failed = diagnostics.stream().filter(d -> !d.warning()).toList();
            if (failed.isEmpty()) {
                return diagnostics;
            }
            Map<RuleSpan, Diagnostic> culprits = new LinkedHashMap<>();
            Diagnostic unplaced = null;
            for (Diagnostic d : failed) {
                RuleSpan rule = culprit(source.remaining, d);
                errors.add(new CompileError(source.label, d.line(), d.message(),
                        d.rule() != null ? d.rule() : rule != null ? rule.name() : null));
                if (rule == null) {
                    unplaced = unplaced == null ? d : unplaced;
                } else {
                    culprits.putIfAbsent(rule, d);
                }
            }
            if (unplaced != null) {
                skipWhole(source.label, unplaced.line(), unplaced.message());
                return null;
            }
            culprits.forEach((rule, d) -> source.drop(rule, d.line(), d.message()));
        }
    }

    /** The rule a compile error belongs to: by the name libyara gives, else by line. */
    private static RuleSpan culprit(List<RuleSpan> remaining, Diagnostic d) {
        if (d.rule() != null) {
            List<RuleSpan> named = remaining.stream().filter(r -> r.name().equals(d.rule())).toList();
            if (named.size() == 1) {
                return named.get(0);
            }
        }
        return remaining.stream().filter(r -> r.containsLine(d.line())).findFirst().orElse(null);
    }

    private boolean skipWhole(String label, int line, String reason) {
        skipped.add(new CompileSkip(label, null, line, reason));
        return false;
    }

    private List<Diagnostic> check(byte[] source, String namespace) throws YaraException {
        try (NativeCompiler probe = new NativeCompiler(yara, externals)) {
            return probe.add(NativeStrings.terminated(source), namespace);
        }
    }

    private NativeCompiler combined() throws YaraException {
        if (combined == null) {
            combined = new NativeCompiler(yara, externals);
        }
        return combined;
    }

    private void rebuildCombined() throws YaraException {
        combined.close();
        combined = new NativeCompiler(yara, externals);
        for (Accepted a : accepted) {
            if (combined.add(NativeStrings.terminated(a.source()), a.namespace()).stream().anyMatch(d -> !d.warning())) {
                throw new YaraException("rebuilding the combined compiler failed on a source that compiled before");
            }
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("YaraCompiler is closed (build() closes it)");
        }
    }
}
