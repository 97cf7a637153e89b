package dev.ferret.yara;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rule set split by {@link RulePartition}: each file is scanned with the one compiled set its first bytes
 * and size allow. Sets are compiled when first needed (a disk of ELF files never compiles the PE sets); a set
 * that does not compile falls back to the whole rule set, so nothing is ever lost. Thread-safe.
 */
public final class PartitionedRules implements AutoCloseable {
    public static final String MANIFEST = "partition.txt";
    private static final String MANIFEST_HEADER = "ferret-rule-partition 2";
    private final Yara yara;
    private final Map<String, Object> externals;
    private final RulePartition partition;
    private final YaraRules whole;
    private final YaraRules[] compiled;
    private final Object[] locks;
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final IntFunction<YaraRules> loader;

    PartitionedRules(Yara yara, Map<String, Object> externals, RulePartition partition, YaraRules whole) {
        this(yara, externals, partition, whole, null);
    }

    private PartitionedRules(Yara yara, Map<String, Object> externals, RulePartition partition, YaraRules whole,
                             IntFunction<YaraRules> loader) {
        this.yara = yara;
        this.externals = Map.copyOf(externals);
        this.partition = partition;
        this.whole = whole;
        this.loader = loader;
        // twice the sets: each set's own subset of the rules that read a file's name follows them (nameRules)
        this.compiled = new YaraRules[partition.setCount() * 2];
        this.locks = new Object[compiled.length];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** The whole rule set the partition was made from (owned by the caller). */
    public YaraRules whole() {
        return whole;
    }

    /** The index of the set for a file (its first bytes in {@code content}, and its full size). */
    public int setOf(ByteBuffer content, long size) {
        return partition.setOf(HeaderPattern.head(content), Math.min(content.limit(), HeaderPattern.WIDTH), size);
    }

    /** The sets files are scanned with (each set's subset of name-reading rules not counted). */
    public int setCount() {
        return partition.setCount();
    }

    /** The compiled rules of a set, compiling them on first use; the whole set if they do not compile. */
    public YaraRules rules(int set) {
        synchronized (locks[set]) {
            if (compiled[set] == null) {
                compiled[set] = compile(set);
            }
            return compiled[set];
        }
    }

    /**
     * Set {@code set}'s rules whose answer can depend on a file's name (see {@link RulePartition.NameSet}),
     * compiled on first use, to ask again for a second name of content that set already answered; null when
     * none of its rules does. When they do not compile on their own this is the whole set, which answers them
     * too.
     */
    public YaraRules nameRules(int set) {
        if (!partition.names().present().get(set)) {
            return null;
        }
        return rules(partition.setCount() + set);
    }

    /** Whether rule {@code namespace:rule} may answer differently for another name of the same content. */
    public boolean readsName(String namespace, String rule) {
        return partition.names().covers(namespace, rule);
    }

    /** Sets that fell back to the whole rule set (a missed dependency, for instance). */
    public int fallbacks() {
        return fallbacks.get();
    }

    public RulePartition partition() {
        return partition;
    }

    private YaraRules compile(int set) {
        if (loader != null) {
            YaraRules r = loader.apply(set);
            if (r == null) {
                fallbacks.incrementAndGet();
                return whole;
            }
            return r;
        }
        int n = partition.setCount();
        List<RulePartition.Source> sources = set >= n ? partition.names().perSet().get(set - n)
                : partition.sources(set);
        try (NativeCompiler compiler = new NativeCompiler(yara, externals)) {
            for (RulePartition.Source s : sources) {
                if (compiler.add(NativeStrings.terminated(s.text()), s.namespace()).stream()
                        .anyMatch(d -> !d.warning())) {
                    fallbacks.incrementAndGet();
                    return whole;
                }
            }
            return new YaraRules(yara, compiler.rules());
        } catch (YaraException | RuntimeException e) {
            fallbacks.incrementAndGet();
            return whole;
        }
    }

    /**
     * Compiles every set and writes them to {@code dir} ({@code set-N.yarc}) with a manifest
     * ({@value #MANIFEST}: the classes, the size edges, and each set's file and SHA-256, or "whole" for a set
     * that is the whole rule set), so a later run loads instead of compiling.
     *
     * @return the manifest's text
     */
    public String save(Path dir) throws IOException, YaraException {
        Files.createDirectories(dir);
        StringBuilder m = new StringBuilder(MANIFEST_HEADER).append('\n');
        partition.classes().forEach(c -> m.append("class ").append(c).append('\n'));
        for (long e : partition.edges()) {
            m.append("edge ").append(e).append('\n');
        }
        RulePartition.NameSet names = partition.names();
        names.namespaces().stream().sorted().forEach(n -> m.append("name-namespace ").append(n).append('\n'));
        names.rules().stream().sorted().forEach(r -> m.append("name-rule ").append(r).append('\n'));
        int n = partition.setCount();
        for (int i = 0; i < compiled.length; i++) {
            boolean nameSet = i >= n;
            if (nameSet && !names.present().get(i - n)) {
                continue;
            }
            String kind = nameSet ? "names" : "set";
            int index = nameSet ? i - n : i;
            YaraRules r = rules(i);
            if (r == whole) {
                m.append(kind).append(' ').append(index).append(" whole 0\n");
                continue;
            }
            String name = (nameSet ? "names-" : "set-") + index + ".yarc";
            Path tmp = dir.resolve("." + name + ".tmp");
            r.save(tmp);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            m.append(kind).append(' ').append(index).append(' ').append(name).append(' ')
                    .append(sha256(dir.resolve(name))).append(' ').append(nameSet ? 0 : partition.ruleCount(i))
                    .append('\n');
        }
        return m.toString();
    }

    /**
     * A partition saved by {@link #save(Path)}; sets are loaded when first needed, each checked against the
     * SHA-256 in the manifest (a set that is missing, altered or unloadable falls back to {@code whole}).
     *
     * @throws IOException when the manifest is not one
     */
    public static PartitionedRules load(Yara yara, Path dir, String manifest, YaraRules whole) throws IOException {
        List<String> lines = manifest.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_HEADER)) {
            throw new IOException("not a ferret rule partition: " + dir);
        }
        List<HeaderPattern> classes = new ArrayList<>();
        List<Long> edges = new ArrayList<>();
        Map<Integer, String[]> sets = new HashMap<>();
        Set<String> nameRules = new HashSet<>();
        Set<String> nameNamespaces = new HashSet<>();
        Map<Integer, String[]> nameSets = new HashMap<>();
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "class" -> classes.add(HeaderPattern.parse(f[1]));
                    case "edge" -> edges.add(Long.parseLong(f[1]));
                    case "set" -> sets.put(Integer.parseInt(f[1]), f);
                    // a namespace (a file name) may hold spaces: the rest of the line
                    case "name-rule" -> nameRules.add(line.substring("name-rule ".length()));
                    case "name-namespace" -> nameNamespaces.add(line.substring("name-namespace ".length()));
                    case "names" -> nameSets.put(Integer.parseInt(f[1]), f);
                    case "bundle" -> { } // the caller ties the partition to its bundle
                    default -> throw new IOException("unknown manifest line in " + dir + ": " + line);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed rule partition manifest in " + dir, e);
        }
        int[] counts = new int[(classes.size() + 1) * (edges.size() + 1)];
        if (sets.size() != counts.length) {
            throw new IOException("rule partition in " + dir + " lists " + sets.size() + " sets, expected "
                    + counts.length);
        }
        sets.forEach((i, f) -> counts[i] = f.length > 4 ? Integer.parseInt(f[4]) : 0);
        BitSet present = new BitSet();
        for (int i : nameSets.keySet()) {
            if (i < 0 || i >= counts.length) {
                throw new IOException("rule partition in " + dir + " lists a name set for no set: " + i);
            }
            present.set(i);
            sets.put(counts.length + i, nameSets.get(i));
        }
        RulePartition partition = RulePartition.of(classes, edges.stream().mapToLong(Long::longValue).toArray(),
                counts, nameRules, nameNamespaces, present);
        IntFunction<YaraRules> loader = i -> {
            String[] f = sets.get(i);
            if (f == null || f[2].equals("whole") || f[2].contains("/")) {
                return null;
            }
            Path file = dir.resolve(f[2]);
            try {
                return sha256(file).equals(f[3]) ? yara.loadRules(file) : null;
            } catch (IOException | YaraException e) {
                return null;
            }
        };
        return new PartitionedRules(yara, Map.of(), partition, whole, loader);
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frees the compiled sets (not the whole set, which belongs to the caller). */
    @Override
    public void close() {
        for (int i = 0; i < compiled.length; i++) {
            synchronized (locks[i]) {
                if (compiled[i] != null && compiled[i] != whole) {
                    compiled[i].close();
                }
                compiled[i] = null;
            }
        }
    }
}
