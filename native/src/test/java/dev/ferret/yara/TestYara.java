package dev.ferret.yara;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The libyara handle shared by the test classes (one yr_initialize for the whole run). */
final class TestYara {

    private static Yara shared;

    private TestYara() {
    }

    static synchronized Yara get() throws YaraUnavailableException {
        if (shared == null) {
            shared = Yara.load();
        }
        return shared;
    }

    /** Compiles {@code source} and fails the test if anything was skipped. */
    static YaraRules compile(String source) throws YaraException {
        try (YaraCompiler compiler = get().newCompiler()) {
            if (!compiler.addString(source)) {
                throw new AssertionError("rules did not compile: " + compiler.errors());
            }
            return compiler.build();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static Optional<YaraMatch> find(List<YaraMatch> matches, String rule) {
        return matches.stream().filter(m -> m.rule().equals(rule)).findFirst();
    }

    static List<String> names(List<YaraMatch> matches) {
        return matches.stream().map(YaraMatch::rule).sorted().toList();
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
