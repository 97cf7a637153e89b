package dev.ferret.rules;

import dev.ferret.cli.BadInputException;
import dev.ferret.data.UserFiles;
import dev.ferret.model.Coverage;
import dev.ferret.yara.CompileSkip;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraCompiler;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraRules;
import dev.ferret.yara.YaraUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the shipped rules and the user's (--rules: a file, a directory of sources, or compiled rules).
 * A rule that does not compile is reported and skipped; libyara that cannot be loaded turns YARA off with
 * the reason in coverage, and every other check still runs.
 */
public final class RuleLoader {
    static final String BUILT_IN = "ferret/signatures/yara/";
    private static final byte[] COMPILED_MAGIC = "YARA".getBytes(StandardCharsets.US_ASCII);
    /** Below this, one set costs less than compiling the parts a sweep needs (they compile when first used). */
    static final int PARTITION_MIN_RULES = 500;

    private RuleLoader() {
    }

    /**
     * @throws BadInputException when a --rules path is missing or unreadable
     */
    public static Optional<LoadedRules> load(List<Path> userRules, boolean builtIn, Coverage coverage) {
        return load(userRules, builtIn, List.of(), coverage);
    }

    /** As {@link #load(List, boolean, Coverage)}; {@code trustKeys} are public keys trusted besides the shipped ones. */
    public static Optional<LoadedRules> load(List<Path> userRules, boolean builtIn, List<Path> trustKeys,
                                             Coverage coverage) {
        Map<Path, String> verified = new HashMap<>();
        for (Path p : userRules) {
            if (!Files.isReadable(p)) {
                throw new BadInputException("--rules: cannot read " + p);
            }
            if (!UserFiles.directoryOrRegular(p)) {
                throw new BadInputException("--rules: " + p + " is not a regular file or a directory (a FIFO, socket "
                        + "or device): refused");
            }
            if (Files.isRegularFile(p) && Files.exists(CompiledBundle.checksumFile(p))) {
                verified.put(p, BundleSignature.check(p, false, trustKeys, coverage));
            }
        }
        // the runtime image's precompiled built-ins: verified before use, refused when modified
        Optional<Path> bundle = builtIn ? CompiledBundle.imageBundle() : Optional.empty();
        bundle.ifPresent(b -> BundleSignature.check(b, true, trustKeys, coverage));
        Yara yara;
        try {
            yara = Yara.load();
        } catch (YaraUnavailableException e) {
            coverage.note("YARA unavailable: " + e.getMessage() + "; hash, file-name and address IOCs are still "
                    + "checked");
            return Optional.empty();
        }
        MessageDigest fingerprint = sha256();
        List<YaraRules> sets = new ArrayList<>();
        List<PartitionedRules> partitions = new ArrayList<>();
        List<CompileSkip> skipped = new ArrayList<>();
        try (YaraCompiler compiler = yara.newCompiler()) {
            boolean anySource = false;
            boolean compileBuiltIn = builtIn;
            if (bundle.isPresent()) {
                try {
                    sets.add(yara.loadRules(bundle.get()));
                    fingerprint.update(Files.readAllBytes(bundle.get()));
                    compileBuiltIn = false;
                } catch (YaraException e) {
                    coverage.note("compiled built-in rules not usable with " + yara.origin() + " (" + e.getMessage()
                            + "); compiled them from source instead");
                }
            }
            if (compileBuiltIn) {
                for (String name : builtInNames()) {
                    byte[] text = resource(BUILT_IN + name);
                    fingerprint.update(text);
                    compiler.addBytes(text, "ferret", "ferret:" + name);
                    anySource = true;
                }
            }
            for (Path path : userRules) {
                for (Path file : sources(path)) {
                    byte[] bytes = UserFiles.read(file);
                    fingerprint.update(bytes);
                    if (startsWith(bytes, COMPILED_MAGIC)) {
                        YaraRules loaded = yara.loadRules(file);
                        sets.add(loaded);
                        String sha = verified.get(file);
                        if (sha != null) { // a partition is used only beside a verified bundle
                            CompiledBundle.loadPartition(yara, file, sha, loaded, coverage).ifPresent(partitions::add);
                        }
                    } else {
                        compiler.addBytes(bytes, namespace(file), file.toString());
                        anySource = true;
                    }
                }
            }
            skipped.addAll(compiler.skipped());
            if (anySource) {
                PartitionedRules parts = compiler.buildPartitioned();
                sets.add(0, parts.whole());
                if (parts.whole().ruleCount() >= PARTITION_MIN_RULES) {
                    partitions.add(parts);
                } else {
                    parts.close();
                }
            }
        } catch (IOException e) {
            partitions.forEach(PartitionedRules::close);
            sets.forEach(YaraRules::close);
            yara.close();
            throw new BadInputException("--rules: " + e.getMessage());
        } catch (YaraException e) {
            partitions.forEach(PartitionedRules::close);
            sets.forEach(YaraRules::close);
            yara.close();
            throw new BadInputException("--rules: " + e.getMessage());
        }
        for (CompileSkip s : skipped) {
            coverage.gap("signatures", "YARA rule skipped: " + s.reason(), s.toString());
        }
        int count = sets.stream().mapToInt(YaraRules::ruleCount).sum();
        coverage.add("signatures", "YARA rules", count);
        coverage.add("signatures", "YARA rules skipped", skipped.size());
        return Optional.of(new LoadedRules(yara, List.copyOf(sets), count, List.copyOf(skipped),
                HexFormat.of().formatHex(fingerprint.digest()), partitions));
    }

    /** One namespace per file: community sets reuse rule names across files. */
    static String namespace(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static List<Path> sources(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yar") || n.endsWith(".yara") || n.endsWith(".rule") || n.endsWith(".rules");
            }).sorted().toList();
        }
    }

    static List<String> builtInNames() {
        return new String(resource(BUILT_IN + "index.txt"), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static byte[] resource(String name) {
        try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("signature resource missing from the build: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
