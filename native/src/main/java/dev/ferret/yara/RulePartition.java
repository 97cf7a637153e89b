package dev.ferret.yara;

import dev.ferret.yara.SourceOutline.ImportSpan;
import dev.ferret.yara.SourceOutline.RuleSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits a rule set by what can provably match: files are put in classes by their first bytes (the magics
 * most rules test for: MZ, ELF, ...) and in buckets by size, and each (class, bucket) gets the sources with
 * only the rules that can match such a file. A rule is left out of a set only when its own condition proves
 * it false there ({@link RuleFacts}); global rules go everywhere; a rule brings every rule its condition
 * names; a source the outline does not understand goes everywhere whole. Leaving a rule in is always safe;
 * the parity test holds the proof that leaving out is.
 */
public final class RulePartition {
    static final int MAX_CLASSES = 4;
    static final int MIN_RULES_PER_CLASS = 20;

    /** One source as compiled: its namespace and text (dropped rules already blanked). */
    public record Source(String namespace, byte[] text) {
    }

    /**
     * The rules whose answer can depend on a file's name rather than its bytes: they read an external variable
     * (filename, filepath, ...), name a rule that does, or share a namespace with a global rule that does; a
     * namespace in {@code namespaces} (an unread source, or such a global rule) counts whole. For each set,
     * {@code perSet} holds the sources of its own such rules (with what they need), which answer a second name
     * of content that set already scanned; {@code present} says which sets have any.
     */
    public record NameSet(Set<String> rules, Set<String> namespaces, List<List<Source>> perSet, BitSet present) {
        /** Whether rule {@code namespace:rule} may answer differently under another name. */
        public boolean covers(String namespace, String rule) {
            return namespaces.contains(namespace) || rules.contains(namespace + ":" + rule);
        }

        public boolean isEmpty() {
            return rules.isEmpty() && namespaces.isEmpty();
        }
    }

    /** Which rules of each source read a name ({@link NameSet}), before any set is cut. */
    private record Named(List<BitSet> bits, Set<String> wholeNamespaces, Set<String> rules) {
    }

    private final List<HeaderPattern> classes;
    private final long[] edges;
    private final List<List<Source>> sets;
    private final int[] ruleCounts;
    private final NameSet names;

    private RulePartition(List<HeaderPattern> classes, long[] edges, List<List<Source>> sets, int[] ruleCounts,
                          NameSet names) {
        this.classes = classes;
        this.edges = edges;
        this.sets = sets;
        this.ruleCounts = ruleCounts;
        this.names = names;
    }

    private record Rule(int source, RuleSpan span, RuleFacts facts) {
    }

    /** Plans the partition of {@code sources}, with no external variables declared. */
    public static RulePartition plan(List<Source> sources) {
        return plan(sources, Set.of());
    }

    /** Plans the partition of {@code sources}; {@code externals} are the declared external variables. */
    public static RulePartition plan(List<Source> sources, Set<String> externals) {
        List<Rule> rules = new ArrayList<>();
        List<List<Rule>> bySource = new ArrayList<>();
        List<List<ImportSpan>> imports = new ArrayList<>();
        BitSet opaque = new BitSet();
        for (int s = 0; s < sources.size(); s++) {
            byte[] text = sources.get(s).text();
            SourceOutline outline = SourceOutline.of(text);
            List<Rule> own = new ArrayList<>();
            if (!outline.wellFormed()) {
                opaque.set(s);
            } else {
                for (RuleSpan span : outline.rules()) {
                    own.add(new Rule(s, span, RuleFacts.of(text, span.start(), span.end(), span.name())));
                }
            }
            rules.addAll(own);
            bySource.add(own);
            imports.add(outline.wellFormed() ? outline.imports() : List.of());
        }
        List<HeaderPattern> classes = chooseClasses(rules);
        long[] edges = chooseEdges(rules);
        int buckets = edges.length + 1;
        List<List<Source>> sets = new ArrayList<>();
        int[] counts = new int[(classes.size() + 1) * buckets];
        Named named = named(sources, bySource, opaque, externals);
        List<List<Source>> nameSets = new ArrayList<>();
        BitSet present = new BitSet();
        for (int c = 0; c <= classes.size(); c++) {
            for (int b = 0; b < buckets; b++) {
                long low = b == 0 ? 0 : edges[b - 1];
                // no file of this class starts with MZ: the pe module never parses one
                boolean withoutPe = c < classes.size() ? !PeQuestions.MZ.consistentWith(classes.get(c))
                        : classes.stream().anyMatch(PeQuestions.MZ::implies);
                List<BitSet> kept = new ArrayList<>();
                for (int s = 0; s < sources.size(); s++) {
                    List<Rule> own = bySource.get(s);
                    BitSet keep = new BitSet(own.size());
                    for (int r = 0; r < own.size(); r++) {
                        RuleFacts f = own.get(r).facts();
                        if (f.isGlobal() || (f.maxSize() >= low && compatible(f, c, classes))) {
                            keep.set(r);
                        }
                    }
                    closeOverDependencies(own, keep);
                    kept.add(keep);
                }
                List<Source> set = new ArrayList<>();
                int count = 0;
                for (int s = 0; s < sources.size(); s++) {
                    if (opaque.get(s)) {
                        set.add(sources.get(s));
                        continue;
                    }
                    List<Rule> own = bySource.get(s);
                    BitSet keep = kept.get(s);
                    if (keep.isEmpty()) {
                        continue;
                    }
                    count += keep.cardinality();
                    byte[] text = cut(sources.get(s).text(), own, keep, imports.get(s), withoutPe);
                    set.add(new Source(sources.get(s).namespace(), text));
                }
                sets.add(List.copyOf(set));
                counts[c * buckets + b] = count;
                List<Source> nameSet = nameSubset(sources, bySource, imports, opaque, kept, named, withoutPe);
                if (!nameSet.isEmpty()) {
                    present.set(c * buckets + b);
                }
                nameSets.add(nameSet);
            }
        }
        NameSet names = new NameSet(named.rules(), named.wholeNamespaces(), List.copyOf(nameSets), present);
        return new RulePartition(List.copyOf(classes), edges, List.copyOf(sets), counts, names);
    }

    /** One set's rules that read a name, with the globals and dependencies they need to be asked alone. */
    private static List<Source> nameSubset(List<Source> sources, List<List<Rule>> bySource,
                                           List<List<ImportSpan>> imports, BitSet opaque, List<BitSet> kept,
                                           Named named, boolean withoutPe) {
        List<Source> out = new ArrayList<>();
        if (named.rules().isEmpty() && named.wholeNamespaces().isEmpty()) {
            return out;
        }
        for (int s = 0; s < sources.size(); s++) {
            String namespace = sources.get(s).namespace();
            boolean whole = named.wholeNamespaces().contains(namespace);
            if (opaque.get(s)) {
                if (whole) {
                    out.add(sources.get(s));
                }
                continue;
            }
            List<Rule> own = bySource.get(s);
            BitSet keep = (BitSet) kept.get(s).clone();
            if (!whole) {
                keep.and(named.bits().get(s));
                if (keep.isEmpty()) {
                    continue;
                }
                for (int r = kept.get(s).nextSetBit(0); r >= 0; r = kept.get(s).nextSetBit(r + 1)) {
                    if (own.get(r).facts().isGlobal()) {
                        keep.set(r);
                    }
                }
                closeOverDependencies(own, keep);
            }
            if (!keep.isEmpty()) {
                out.add(new Source(namespace, cut(sources.get(s).text(), own, keep, imports.get(s), withoutPe)));
            }
        }
        return List.copyOf(out);
    }

    /** See {@link NameSet}. */
    private static Named named(List<Source> sources, List<List<Rule>> bySource, BitSet opaque,
                               Set<String> externals) {
        Set<String> wholeNamespaces = new TreeSet<>();
        List<BitSet> named = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            BitSet n = new BitSet();
            List<Rule> own = bySource.get(s);
            for (int r = 0; r < own.size(); r++) {
                Set<String> used = own.get(r).facts().names();
                if (used == null || used.stream().anyMatch(externals::contains)) {
                    n.set(r);
                    if (own.get(r).facts().isGlobal()) {
                        wholeNamespaces.add(sources.get(s).namespace()); // it gates every rule of its namespace
                    }
                }
            }
            if (opaque.get(s)) {
                wholeNamespaces.add(sources.get(s).namespace());
            }
            named.add(n);
        }
        // a rule that names a name-dependent rule is one too: within the namespace, until nothing changes
        for (boolean changed = true; changed; ) {
            changed = false;
            Map<String, Set<String>> namedByNamespace = new HashMap<>();
            for (int s = 0; s < sources.size(); s++) {
                Set<String> set = namedByNamespace.computeIfAbsent(sources.get(s).namespace(), k -> new HashSet<>());
                List<Rule> own = bySource.get(s);
                for (int r = named.get(s).nextSetBit(0); r >= 0; r = named.get(s).nextSetBit(r + 1)) {
                    set.add(own.get(r).span().name());
                }
            }
            for (int s = 0; s < sources.size(); s++) {
                Set<String> namedHere = namedByNamespace.get(sources.get(s).namespace());
                List<Rule> own = bySource.get(s);
                for (int r = 0; r < own.size(); r++) {
                    if (!named.get(s).get(r) && namesAny(own.get(r).facts(), namedHere)) {
                        named.get(s).set(r);
                        changed = true;
                    }
                }
            }
        }
        Set<String> rules = new TreeSet<>();
        for (int s = 0; s < sources.size(); s++) {
            List<Rule> own = bySource.get(s);
            for (int r = named.get(s).nextSetBit(0); r >= 0; r = named.get(s).nextSetBit(r + 1)) {
                rules.add(sources.get(s).namespace() + ":" + own.get(r).span().name());
            }
        }
        return new Named(named, Set.copyOf(wholeNamespaces), Set.copyOf(rules));
    }

    private static boolean namesAny(RuleFacts facts, Set<String> names) {
        if (facts.names() == null) {
            return true;
        }
        if (facts.names().stream().anyMatch(names::contains)) {
            return true;
        }
        return facts.namePrefixes().stream().anyMatch(p -> names.stream().anyMatch(n -> n.startsWith(p)));
    }

    /**
     * One source as a set compiles it: the rules left out blanked; in a set whose files the pe module never
     * parses, the kept rules' questions to it written as {@code false} ({@link PeQuestions}); then every import
     * no kept rule names any more blanked too (libyara scopes an import to its source, and loads an imported
     * module for every file scanned, used or not). Lengths and line breaks stay: compiler messages keep their
     * line numbers.
     */
    private static byte[] cut(byte[] original, List<Rule> own, BitSet keep, List<ImportSpan> imports,
                              boolean withoutPe) {
        byte[] text = original.clone();
        Set<String> used = new HashSet<>();
        boolean anyName = false;
        for (int r = 0; r < own.size(); r++) {
            RuleSpan span = own.get(r).span();
            if (!keep.get(r)) {
                blank(text, span.start(), span.end());
                continue;
            }
            RuleFacts facts = own.get(r).facts();
            if (withoutPe && facts.names() != null && facts.names().contains("pe")) {
                int from = RuleFacts.conditionStart(text, span.start(), span.end());
                List<ConditionTokens.Token> tokens = ConditionTokens.tokens(text, from, span.end() - 1);
                if (tokens != null) {
                    PeQuestions.apply(text, PeQuestions.rewrite(text, tokens));
                    facts = RuleFacts.of(text, span.start(), span.end(), span.name());
                }
            }
            if (facts.names() == null) {
                anyName = true;
            } else {
                used.addAll(facts.names());
            }
        }
        for (ImportSpan i : imports) {
            if (!anyName && !used.contains(i.module())) {
                blank(text, i.start(), i.end());
            }
        }
        return text;
    }

    /** A partition read back from a manifest: no sources, only what picks a file's set and which rules read names. */
    static RulePartition of(List<HeaderPattern> classes, long[] edges, int[] ruleCounts, Set<String> nameRules,
                            Set<String> nameNamespaces, BitSet namePresent) {
        List<List<Source>> none = new ArrayList<>();
        for (int i = 0; i < ruleCounts.length; i++) {
            none.add(List.of());
        }
        List<List<Source>> noSources = new ArrayList<>();
        for (int i = 0; i < ruleCounts.length; i++) {
            noSources.add(List.of());
        }
        NameSet names = new NameSet(Set.copyOf(nameRules), Set.copyOf(nameNamespaces), noSources,
                (BitSet) namePresent.clone());
        return new RulePartition(List.copyOf(classes), edges.clone(), none, ruleCounts.clone(), names);
    }

    /** The rules a second name of the same content must be asked again, and their sources. */
    public NameSet names() {
        return names;
    }

    /** The set a file with these first bytes ({@code head}, of {@code headLength}) and size is scanned with. */
    public int setOf(long head, int headLength, long size) {
        int c = classes.size();
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).matches(head, headLength)) {
                c = i;
                break;
            }
        }
        int b = 0;
        while (b < edges.length && size >= edges[b]) {
            b++;
        }
        return c * (edges.length + 1) + b;
    }

    public int setCount() {
        return sets.size();
    }

    /** The sources of one set, ready to compile. */
    public List<Source> sources(int set) {
        return sets.get(set);
    }

    /** Rules (outlined ones) in one set. */
    public int ruleCount(int set) {
        return ruleCounts[set];
    }

    /** One line per set: class, size range, rules; for the log and the bundle's manifest. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < sets.size(); s++) {
            int c = s / (edges.length + 1);
            int k = s % (edges.length + 1);
            b.append(c < classes.size() ? classes.get(c).toString() : "other").append(' ')
                    .append(k == 0 ? 0 : edges[k - 1]).append("..")
                    .append(k == edges.length ? "" : String.valueOf(edges[k] - 1)).append(' ')
                    .append(ruleCounts[s]).append(" rules\n");
        }
        return b.toString();
    }

    private static boolean compatible(RuleFacts f, int c, List<HeaderPattern> classes) {
        if (f.header() == null) {
            return true;
        }
        for (HeaderPattern alt : f.header()) {
            if (c < classes.size() ? alt.consistentWith(classes.get(c))
                    : classes.stream().noneMatch(alt::implies)) {
                return true;
            }
        }
        return false;
    }

    /** Adds every rule a kept rule names (by name or name* wildcard), transitively; unknown facts keep all. */
    private static void closeOverDependencies(List<Rule> own, BitSet keep) {
        Map<String, Integer> index = new HashMap<>();
        for (int r = 0; r < own.size(); r++) {
            index.put(own.get(r).span().name(), r);
        }
        ArrayList<Integer> work = new ArrayList<>();
        keep.stream().forEach(work::add);
        while (!work.isEmpty()) {
            RuleFacts f = own.get(work.remove(work.size() - 1)).facts();
            if (f.names() == null) {
                // condition not read: it may name any rule of the source
                for (int r = 0; r < own.size(); r++) {
                    if (!keep.get(r)) {
                        keep.set(r);
                        work.add(r);
                    }
                }
                continue;
            }
            for (String name : f.names()) {
                Integer r = index.get(name);
                if (r != null && !keep.get(r)) {
                    keep.set(r);
                    work.add(r);
                }
            }
            for (String prefix : f.namePrefixes()) {
                for (int r = 0; r < own.size(); r++) {
                    if (!keep.get(r) && own.get(r).span().name().startsWith(prefix)) {
                        keep.set(r);
                        work.add(r);
                    }
                }
            }
        }
    }

    /** The most common single magics, as long as enough rules test for them. */
    private static List<HeaderPattern> chooseClasses(List<Rule> rules) {
        Map<HeaderPattern, Integer> counts = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.facts().header() != null && r.facts().header().size() == 1) {
                counts.merge(r.facts().header().get(0), 1, Integer::sum);
            }
        }
        List<HeaderPattern> chosen = new ArrayList<>();
        counts.entrySet().stream().filter(e -> e.getValue() >= MIN_RULES_PER_CLASS)
                .sorted(Map.Entry.<HeaderPattern, Integer>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().toString()))
                .map(Map.Entry::getKey)
                // classes that no file can share: 7f45 and 7f454c46 are one class, not two
                .filter(p -> chosen.size() < MAX_CLASSES && chosen.stream().noneMatch(p::consistentWith))
                .forEach(chosen::add);
        return chosen;
    }

    /**
     * The size edge: files at or above it skip every rule bounded below it. Taken just past the 90th percentile
     * of the rules' bounds, so the big files (most of a disk's bytes) run only the rules that allow their size;
     * one edge, because every further one doubles the sets held in memory for little gain.
     */
    private static long[] chooseEdges(List<Rule> rules) {
        long[] bounds = rules.stream().mapToLong(r -> r.facts().maxSize()).filter(m -> m < Long.MAX_VALUE)
                .sorted().toArray();
        if (bounds.length < MIN_RULES_PER_CLASS) {
            return new long[0];
        }
        long middle = bounds[bounds.length * 3 / 4] + 1;
        long high = bounds[bounds.length * 9 / 10] + 1;
        return middle < high ? new long[] {middle, high} : new long[] {high};
    }

    private static void blank(byte[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text[i] != '\n' && text[i] != '\r') {
                text[i] = ' ';
            }
        }
    }

    List<HeaderPattern> classes() {
        return classes;
    }

    long[] edges() {
        return Arrays.copyOf(edges, edges.length);
    }
}
