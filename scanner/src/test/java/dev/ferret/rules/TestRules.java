package dev.ferret.rules;

import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraCompiler;
import dev.ferret.yara.YaraRules;

import java.util.List;

/** Compiles rules from source text with the real libyara, for tests. */
public final class TestRules {
    private TestRules() {
    }

    public static LoadedRules compile(String source) throws Exception {
        Yara yara = Yara.load();
        try (YaraCompiler compiler = yara.newCompiler()) {
            compiler.addString(source, "test", "test.yar");
            YaraRules rules = compiler.build();
            return new LoadedRules(yara, List.of(rules), rules.ruleCount(), List.of(), "test");
        }
    }
}
