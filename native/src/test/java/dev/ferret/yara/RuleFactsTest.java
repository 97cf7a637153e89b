package dev.ferret.yara;

import dev.ferret.yara.SourceOutline.RuleSpan;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the partition may conclude from a condition, and above all what it must not. */
class RuleFactsTest {
    private static final HeaderPattern MZ = HeaderPattern.parse("4d5a............");
    private static final HeaderPattern ELF = HeaderPattern.parse("7f454c46........");

    private static RuleFacts facts(String rule) {
        byte[] text = rule.getBytes(StandardCharsets.ISO_8859_1);
        RuleSpan span = SourceOutline.of(text).rules().get(0);
        return RuleFacts.of(text, span.start(), span.end(), span.name());
    }

    @Test
    void aGuardedConjunctionProvesItsMagicAndSize() {
        RuleFacts f = facts("rule A { meta: note = \"condition: or\" strings: $a = \"x\" $h = { 4D 5A ?? }\n"
                + " condition: uint16(0) == 0x5A4D and filesize < 2MB and 2 of them }");
        assertEquals(List.of(MZ), f.header());
        assertEquals(2L * 1024 * 1024 - 1, f.maxSize());
    }

    @Test
    void nestedConjunctionsAndEveryNotationCount() {
        RuleFacts f = facts("rule A { condition: ( $a and ( uint32be(0) == 0x7f454c46 ) ) and 500KB > filesize }");
        assertEquals(List.of(ELF), f.header());
        assertEquals(500L * 1024 - 1, f.maxSize());
        assertEquals(List.of(MZ), facts("rule B { condition: 0x5a4d == uint16(0x0) and $a }").header());
        assertEquals(100, facts("rule C { condition: $a and filesize <= 100 }").maxSize());
    }

    @Test
    void aDisjunctionOfMagicsIsKeptAsAlternatives() {
        RuleFacts f = facts("rule A { condition: (uint16(0) == 0x5a4d or uint32(0) == 0x464c457f) and $a }");
        assertEquals(List.of(MZ, ELF), f.header());
    }

    @Test
    void aQuestionOnlyTheParsedPeAnswersDemandsMz() {
        for (String condition : List.of("pe.exports(\"ServiceMain\") and $a", "$a and pe.imphash() == \"0a1b\"",
                "pe.is_pe and #a > 2", "pe.is_pe == 1 and $a", "(pe.number_of_signatures == 0) and $a",
                "pe.sections[0].name == \".upx0\" and $a", "pe.characteristics & pe.DLL and $a",
                "(pe.exports(\"a\") or pe.exports(\"b\")) and $a", "not pe.is_dll() and $a",
                "$a and for any i in (0..pe.number_of_signatures) : (pe.signatures[i].serial == \"01\")",
                "$a and $b at pe.entry_point")) {
            assertEquals(List.of(MZ), facts("rule A { condition: " + condition + " }").header(), condition);
        }
    }

    @Test
    void whatANonPeFileAlsoSatisfiesProvesNothing() {
        // is_pe is 0 (defined) elsewhere, constants are defined everywhere, defined/or turn undefined around, and
        // 'for all' holds over no iteration at all
        for (String condition : List.of("pe.is_pe == 0 and $a", "not pe.is_pe and $a", "pe.DLL and $a",
                "not defined pe.number_of_sections and $a",
                "pe.number_of_sections == 0 or $a", "pe.is_pe != 1 and $a",
                "for all i in (0..pe.number_of_sections) : (pe.sections[i].name != \"x\") and $a")) {
            assertNull(facts("rule A { condition: " + condition + " }").header(), condition);
        }
    }

    @Test
    void nothingIsProvedThroughOrNotOrAnythingUnread() {
        for (String condition : List.of("uint16(0) == 0x5a4d or $a", "not uint16(0) == 0x5a4d and $a",
                "uint16(0) != 0x5a4d and $a", "uint16(uint32(0x3c)) == 0x4550 and $a",
                "uint16(0) == 0x5a4d and $a or $b", "for any i in (1..2) : (uint16(0) == 0x5a4d) or $a",
                "int16(0) == 0x5a4d and $a", "uint8(0) == 0x1ff and $a")) {
            RuleFacts f = facts("rule A { condition: " + condition + " }");
            assertNull(f.header(), condition);
        }
        assertEquals(Long.MAX_VALUE, facts("rule A { condition: filesize > 100 and $a }").maxSize());
        assertEquals(Long.MAX_VALUE, facts("rule A { condition: filesize < 100 or $a }").maxSize());
    }

    @Test
    void namesOfOtherRulesAreDependencies() {
        RuleFacts f = facts("rule A { condition: Other_Rule and any of (Family*) and pe.is_dll() and $a }");
        assertTrue(f.names().contains("Other_Rule"));
        assertEquals(Set.of("Family"), f.namePrefixes());
        assertFalse(f.names().contains("is_dll"), "module members are not rule names");
    }

    @Test
    void globalRulesAreMarked() {
        assertTrue(facts("global private rule G { condition: filesize < 10MB }").isGlobal());
        assertFalse(facts("private rule P { condition: true }").isGlobal());
    }

    @Test
    void headerPatternsMatchOnlyLongEnoughFiles() {
        long mz = 0x5a4dL;
        assertTrue(MZ.matches(mz, 2));
        assertFalse(MZ.matches(mz, 1), "uint16(0) of a one-byte file is undefined: no match");
        assertTrue(MZ.consistentWith(HeaderPattern.parse("4d5a9000........")));
        assertTrue(HeaderPattern.parse("4d5a9000........").implies(MZ));
        assertFalse(MZ.implies(HeaderPattern.parse("4d5a9000........")));
        assertFalse(MZ.consistentWith(ELF));
    }
}
