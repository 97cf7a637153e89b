package dev.ferret.yara;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.ferret.yara.TestYara.ascii;
import static dev.ferret.yara.TestYara.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: one rule with a non-ASCII name must cost that rule only, not the whole file. */
class NonAsciiRuleTest {
    private static final String SOURCE = """
            rule good_one { strings: $a = "alpha-marker" condition: $a }
            rule b\u00e4d_name { strings: $a = "bad-marker" condition: $a }
            rule good_two { strings: $b = "bravo-marker" condition: $b }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"b\u00e4d_name", "\u00fcber_rule", "bad_\u00e4", "\u0440\u0443\u043b\u0435"})
    void onlyTheRuleWithTheNonAsciiNameIsSkipped(String name) throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            byte[] source = SOURCE.replace("b\u00e4d_name", name).getBytes(StandardCharsets.UTF_8);
            assertFalse(compiler.addBytes(source, "default", "mixed.yar"));
            List<CompileSkip> skipped = compiler.skipped();
            assertEquals(1, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).line() == 2, skipped.toString());
            try (YaraRules rules = compiler.build()) {
                assertEquals(2, rules.ruleCount());
                assertEquals(List.of("good_one", "good_two"),
                        names(rules.scanMemory(ascii("alpha-marker bravo-marker bad-marker"), Map.of(), 0)));
            }
        }
    }
}
