package dev.ferret.yara;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a set's sources are cut: rules out, and the imports no kept rule needs (a module loads for every file). */
class RulePartitionTest {

    private static String peRules() {
        StringBuilder b = new StringBuilder("import \"pe\"\n");
        for (int i = 0; i < RulePartition.MIN_RULES_PER_CLASS; i++) {
            b.append("rule mz").append(i).append(" { strings: $s = \"mz-only-").append(i)
                    .append("\" condition: uint16(0) == 0x5a4d and $s }\n");
        }
        return b.append("rule exports { strings: $s = \"exports-x\" condition: pe.exports(\"x\") and $s }\n")
                .append("rule anywhere { strings: $s = \"anywhere\" condition: $s }\n").toString();
    }

    private static String text(RulePartition p, int set, int source) {
        return new String(p.sources(set).get(source).text(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aSetWhoseRulesNeverAskThePeModuleDoesNotImportIt() throws Exception {
        RulePartition p = RulePartition.plan(List.of(
                new RulePartition.Source("a", peRules().getBytes(StandardCharsets.ISO_8859_1))));
        int other = p.setOf(0x7f454c46L, 4, 100);
        int mz = p.setOf(0x5a4dL, 2, 100);
        assertFalse(text(p, other, 0).contains("import"), text(p, other, 0));
        assertFalse(text(p, other, 0).contains("exports"), "the pe-only rule is out of the non-MZ set");
        assertTrue(text(p, other, 0).contains("rule anywhere"));
        assertTrue(text(p, mz, 0).contains("import \"pe\""));
        assertTrue(text(p, mz, 0).contains("rule exports"));
        assertEquals(text(p, other, 0).split("\n", -1).length, peRules().split("\n", -1).length,
                "lines stay where they were (compiler messages keep their line numbers)");
    }

    @Test
    void eachSourceKeepsTheImportsItsOwnKeptRulesNeed() throws Exception {
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addString(peRules(), "a", "first.yar"));
            // same namespace, its own import (libyara scopes imports to a source), a rule the proof keeps anywhere
            assertTrue(compiler.addString("import \"pe\"\nrule dll { strings: $s = \"dll-flag\" "
                    + "condition: pe.DLL and $s }\n", "a", "second.yar"), compiler.errors().toString());
            try (PartitionedRules parts = compiler.buildPartitioned(); YaraRules whole = parts.whole()) {
                byte[] elf = TestYara.ascii("\u007fELF dll-flag anywhere exports-x");
                int set = parts.setOf(ByteBuffer.wrap(elf), elf.length);
                String first = text(parts.partition(), set, 0);
                String second = text(parts.partition(), set, 1);
                assertFalse(first.contains("import"), first);
                assertTrue(second.contains("import \"pe\""), second);
                try (YaraScanner scanner = parts.rules(set).newScanner()) {
                    assertEquals(List.of("anywhere", "dll"), TestYara.names(scanner.scanMemory(elf, Map.of(), 10)));
                }
                assertEquals(0, parts.fallbacks(), "the non-MZ set compiled on its own");
            }
        }
    }

    @Test
    void questionsToThePeModuleAreWrittenFalseWhereNoFileIsPe() throws Exception {
        String source = peRules()
                + "rule mixed { strings: $a = \"mixed-a\" $b = \"mixed-b\"\n"
                + "  condition: (pe.imphash() == \"0123\" and $a) or $b }\n"
                + "rule at_entry { strings: $c = \"at-ep-c\" $d = \"at-ep-d\" condition: $c at pe.entry_point or $d }\n";
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            assertTrue(compiler.addString(source, "a", "rules.yar"), compiler.errors().toString());
            try (PartitionedRules parts = compiler.buildPartitioned(); YaraRules whole = parts.whole();
                 YaraScanner all = whole.newScanner()) {
                byte[] probe = TestYara.ascii("\u007fELF");
                int set = parts.setOf(ByteBuffer.wrap(probe), probe.length);
                String text = text(parts.partition(), set, 0);
                assertFalse(text.contains("import") || text.contains("pe."), text);
                assertTrue(text.matches("(?s).*\\(false +and \\$a\\) or \\$b.*"), text);
                assertTrue(text.matches("(?s).*\\(\\$c and false\\) +or \\$d.*"), "a string named stays named: " + text);
                try (YaraScanner cut = parts.rules(set).newScanner()) {
                    for (String body : List.of("mixed-a mixed-b at-ep-d anywhere", "mixed-a at-ep-c", "mixed-b at-ep-c")) {
                        byte[] elf = TestYara.ascii("\u007fELF " + body);
                        assertEquals(TestYara.names(all.scanMemory(elf, Map.of(), 10)),
                                TestYara.names(cut.scanMemory(elf, Map.of(), 10)), body);
                    }
                }
                assertEquals(0, parts.fallbacks(), "the rewritten set compiles");
            }
        }
    }
}
