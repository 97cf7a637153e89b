package dev.ferret.rules;

import dev.ferret.data.UserFiles;
import dev.ferret.cli.BadInputException;
import dev.ferret.yara.CompileSkip;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraCompiler;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraRules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the built-in rules and/or rule sources into one rule set, the way {@link RuleLoader} does for a
 * scan (same namespaces, same externals, same per-rule skipping), so that a saved bundle matches exactly what
 * a scan would have compiled. Always compiles the built-ins from source, never from the image's bundle.
 */
public final class BundleCompiler {
    private static final byte[] COMPILED_MAGIC = "YARA".getBytes(StandardCharsets.US_ASCII);

    /** A compiled set and its partition; owns {@code rules} and {@code parts} (not the libyara handle). */
    public record Result(YaraRules rules, PartitionedRules parts, int sources, List<CompileSkip> skipped, long nanos)
            implements AutoCloseable {
        @Override
        public void close() {
            parts.close();
            rules.close();
        }
    }

    private BundleCompiler() {
    }

    /**
     * @throws BadInputException when a path is unreadable, is already compiled, or nothing is left to compile
     */
    public static Result compile(Yara yara, List<Path> userRules, boolean builtIn) throws YaraException {
        long start = System.nanoTime();
        int sources = 0;
        try (YaraCompiler compiler = yara.newCompiler()) {
            if (builtIn) {
                for (String name : RuleLoader.builtInNames()) {
                    compiler.addBytes(RuleLoader.resource(RuleLoader.BUILT_IN + name), "ferret", "ferret:" + name);
                    sources++;
                }
            }
            for (Path path : userRules) {
                if (!Files.isReadable(path)) {
                    throw new BadInputException("--rules: cannot read " + path);
                }
                List<Path> files;
                try {
                    files = RuleLoader.sources(path);
                } catch (IOException e) {
                    throw new BadInputException("--rules: " + e.getMessage());
                }
                for (Path file : files) {
                    byte[] bytes;
                    try {
                        bytes = UserFiles.read(file);
                    } catch (IOException e) {
                        throw new BadInputException("--rules: cannot read " + file + ": " + e.getMessage());
                    }
                    if (isCompiled(bytes)) {
                        throw new BadInputException("--rules: " + file + " is already compiled; give rule sources");
                    }
                    compiler.addBytes(bytes, RuleLoader.namespace(file), file.toString());
                    sources++;
                }
            }
            if (sources == 0) {
                throw new BadInputException("nothing to compile: no rule sources (--rules) and no built-in rules");
            }
            List<CompileSkip> skipped = List.copyOf(new ArrayList<>(compiler.skipped()));
            PartitionedRules parts = compiler.buildPartitioned();
            return new Result(parts.whole(), parts, sources, skipped, System.nanoTime() - start);
        }
    }

    static boolean isCompiled(byte[] bytes) {
        if (bytes.length < COMPILED_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < COMPILED_MAGIC.length; i++) {
            if (bytes[i] != COMPILED_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
