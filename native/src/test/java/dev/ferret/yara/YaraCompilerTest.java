package dev.ferret.yara;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.ferret.yara.TestYara.ascii;
import static dev.ferret.yara.TestYara.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraCompilerTest {

    private static final String GOOD_A = """
            rule good_a {
                strings: $a = "alpha-marker"
                condition: $a
            }
            """;
    private static final String GOOD_B = """
            import "pe"
            rule good_b : tag_b {
                strings: $b = { 62 72 61 76 6F 2D 6D 61 72 6B 65 72 }  // "bravo-marker"
                condition: $b and not pe.is_pe
            }
            """;
    // Line 5 uses an identifier that does not exist: the whole rule must go, nothing else.
    private static final String BROKEN = """
            rule broken_but_innocent_looking {
                strings:
                    $c = "charlie-marker"
                condition:
                    $c and no_such_identifier
            }
            """;

    @Test
    void compilesFromStringsIntoNamespaces() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addString(GOOD_A, "first", "a.yar"));
            assertTrue(compiler.addString(GOOD_B, "second", "b.yar"));
            try (YaraRules rules = compiler.build()) {
                assertEquals(2, rules.ruleCount());
                List<YaraMatch> m = rules.scanMemory(ascii("..alpha-marker..bravo-marker.."), Map.of(), 0);
                assertEquals(List.of("good_a", "good_b"), names(m));
                assertEquals("first", TestYara.find(m, "good_a").orElseThrow().namespace());
                assertEquals("second", TestYara.find(m, "good_b").orElseThrow().namespace());
                assertEquals(List.of("tag_b"), TestYara.find(m, "good_b").orElseThrow().tags());
            }
        }
    }

    @Test
    void aFileThatDoesNotCompileIsReportedAndSkippedWhileTheOthersMatch(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yar"), GOOD_A);
        Path broken = Files.writeString(dir.resolve("broken.yar"), BROKEN);
        Path b = Files.writeString(dir.resolve("b.yar"), GOOD_B);
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addFile(a));
            assertFalse(compiler.addFile(broken));
            assertTrue(compiler.addFile(b));

            assertEquals(List.of(new CompileError(broken.toString(), 5,
                    "undefined identifier \"no_such_identifier\"", "broken_but_innocent_looking")), compiler.errors());
            assertEquals(List.of(new CompileSkip(broken.toString(), "broken_but_innocent_looking", 5,
                    "undefined identifier \"no_such_identifier\"")), compiler.skipped());
            try (YaraRules rules = compiler.build()) {
                assertEquals(2, rules.ruleCount());
                List<YaraMatch> m = rules.scanMemory(ascii("alpha-marker bravo-marker charlie-marker"), Map.of(), 0);
                assertEquals(List.of("good_a", "good_b"), names(m));
            }
        }
    }

    @Test
    void onlyTheFailingRulesOfAFileAreSkipped() throws Exception {
        // rule_d depends on the broken rule: it fails in the second round, with libyara's reason.
        String source = GOOD_A + BROKEN + """
                private rule rule_c { strings: $x = "x-marker" condition: $x }
                global rule g { condition: true }
                rule rule_d { condition: broken_but_innocent_looking }
                rule rule_e /* { */ : t1 t2 { strings: $r = /a\\/b{1,2}"/ condition: $r and rule_c }
                """;
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertFalse(compiler.addString(source, "default", "mixed.yar"));
            assertEquals(List.of("broken_but_innocent_looking", "rule_d"),
                    compiler.skipped().stream().map(CompileSkip::rule).toList());
            assertEquals("undefined identifier \"broken_but_innocent_looking\"", compiler.skipped().get(1).reason());
            assertEquals(13, compiler.skipped().get(1).line());
            try (YaraRules rules = compiler.build()) {
                assertEquals(4, rules.ruleCount()); // good_a, rule_c, g, rule_e
                List<YaraMatch> m = rules.scanMemory(ascii("alpha-marker x-marker a/bb\""), Map.of(), 0);
                assertEquals(List.of("g", "good_a", "rule_e"), names(m));
            }
        }
    }

    @Test
    void errorsOutsideAnyRuleSkipTheWholeSource() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertFalse(compiler.addString("import \"no_such_module\"\n" + GOOD_A, "default", "imports.yar"));
            assertFalse(compiler.addString("include \"other.yar\"\n" + GOOD_B, "default", "includes.yar"));
            assertFalse(compiler.addString("rule unterminated { condition: true\n", "default", "syntax.yar"));
            assertTrue(compiler.addString(GOOD_B));
            List<CompileSkip> skipped = compiler.skipped();
            assertEquals(3, skipped.size(), skipped.toString());
            assertTrue(skipped.stream().allMatch(CompileSkip::wholeSource));
            assertEquals(new CompileSkip("imports.yar", null, 1, "unknown module \"no_such_module\""), skipped.get(0));
            assertEquals(new CompileSkip("includes.yar", null, 1, "includes are disabled"), skipped.get(1));
            assertEquals("syntax.yar", skipped.get(2).source());
            try (YaraRules rules = compiler.build()) {
                assertEquals(1, rules.ruleCount());
            }
        }
    }

    @Test
    void aRuleNameAlreadyDefinedInTheNamespaceIsSkipped() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addString(GOOD_A, "default", "first.yar"));
            assertFalse(compiler.addString(GOOD_A + GOOD_B, "default", "second.yar"));
            assertTrue(compiler.addString(GOOD_A, "elsewhere", "third.yar"));
            assertEquals(List.of(new CompileSkip("second.yar", "good_a", 1,
                    "duplicate rule name: already defined in first.yar")), compiler.skipped());
            try (YaraRules rules = compiler.build()) {
                assertEquals(3, rules.ruleCount());
            }
        }
    }

    @Test
    void metadataAndTagsAreReported() throws Exception {
        try (YaraRules rules = TestYara.compile("""
                rule with_meta : apt miner {
                    meta:
                        author = "ferret"
                        score = 75
                        active = true
                        disabled = false
                        negative = -3
                    strings:
                        $m = "meta-marker"
                    condition:
                        $m
                }
                """)) {
            YaraMatch match = rules.scanMemory(ascii("meta-marker"), Map.of(), 0).get(0);
            assertEquals("with_meta", match.rule());
            assertEquals("default", match.namespace());
            assertEquals(List.of("apt", "miner"), match.tags());
            assertEquals(List.of("author", "score", "active", "disabled", "negative"), List.copyOf(match.meta().keySet()));
            assertEquals(Map.of("author", "ferret", "score", 75L, "active", true, "disabled", false, "negative", -3L),
                    match.meta());
        }
    }

    @Test
    void externalVariablesSelectWhichRulesMatch() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            compiler.defineExternal("threshold", 10).defineExternal("strict", false);
            compiler.addString("""
                    rule by_name { condition: filename == "sudoers" }
                    rule by_path { condition: filepath contains "/etc/cron.d/" and extension == "" }
                    rule by_owner { condition: owner == "www-data" and filetype == "ELF" }
                    rule by_number { condition: threshold > 5 and not strict }
                    """);
            try (YaraRules rules = compiler.build(); YaraScanner scanner = rules.newScanner()) {
                byte[] data = ascii("anything");
                List<YaraMatch> plain = scanner.scanMemory(data, Map.of(), 0);
                assertEquals(List.of("by_number"), names(plain));
                assertEquals(new YaraMatch("by_number", "default", List.of(), Map.of(), List.of()), plain.get(0));
                assertEquals(List.of("by_name", "by_number"),
                        names(scanner.scanMemory(data, Map.of("filename", "sudoers"), 0)));
                // Not passed again: back to "", so the previous file's name does not leak.
                assertEquals(List.of("by_number"), names(scanner.scanMemory(data, Map.of(), 0)));
                assertEquals(List.of("by_path"), names(scanner.scanMemory(data,
                        Map.of("filepath", "/etc/cron.d/job", "threshold", 3), 0)));
                assertEquals(List.of("by_owner"), names(scanner.scanMemory(data,
                        Map.of("owner", "www-data", "filetype", "ELF", "strict", true), 0)));
                // Unknown externals are ignored (compiled rule files may not declare them all).
                assertEquals(List.of("by_number"), names(scanner.scanMemory(data, Map.of("unknown", "x"), 0)));
                assertThrows(IllegalArgumentException.class,
                        () -> scanner.scanMemory(data, Map.of("threshold", "ten"), 0));
                assertEquals(Map.of("filename", "", "filepath", "", "extension", "", "filetype", "", "owner", "",
                        "threshold", 10L, "strict", false), rules.externals());
            }
        }
    }

    @Test
    void externalsMustBeDefinedBeforeSources() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            compiler.addString(GOOD_A);
            assertThrows(IllegalStateException.class, () -> compiler.defineExternal("late", 1));
        }
    }

    @Test
    void warningsOfAcceptedRulesAreKept() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addString("rule slow { strings: $a = \"x\" condition: $a }", "default", "slow.yar"));
            assertEquals(1, compiler.warnings().size());
            assertEquals("slow", compiler.warnings().get(0).rule());
            assertTrue(compiler.warnings().get(0).message().contains("slow down scanning"));
            assertTrue(compiler.errors().isEmpty());
        }
    }

    @Test
    void anEmptyCompilerBuildsAnEmptyRuleSet() throws Exception {
        try (YaraRules empty = TestYara.get().newCompiler().build()) {
            assertEquals(0, empty.ruleCount());
            assertEquals(List.of(), empty.scanMemory(new byte[16], Map.of(), 0));
        }
    }

    @Test
    void buildClosesTheCompiler() throws Exception {
        YaraCompiler compiler = TestYara.get().newCompiler();
        compiler.addString(GOOD_A);
        compiler.build().close();
        assertThrows(IllegalStateException.class, () -> compiler.addString(GOOD_B));
        compiler.close();
    }
}
