package dev.ferret.yara;

import dev.ferret.yara.SourceOutline.RuleSpan;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceOutlineTest {

    private static SourceOutline outline(String text) {
        return SourceOutline.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(SourceOutline o) {
        return o.rules().stream().map(RuleSpan::name).toList();
    }

    @Test
    void findsRulesWithModifiersTagsAndLines() {
        String text = """
                import "pe"
                // rule commented_out { condition: true }
                private global rule first : tag_a tag_b
                {
                    condition: true
                }
                /* rule in_block_comment {
                   } */
                rule second { condition: false }
                """;
        SourceOutline o = outline(text);
        assertTrue(o.wellFormed());
        assertEquals(List.of("first", "second"), names(o));
        RuleSpan first = o.rules().get(0);
        assertEquals(3, first.firstLine());
        assertEquals(6, first.lastLine());
        assertTrue(text.substring(first.start()).startsWith("private global rule first"));
        assertTrue(text.substring(0, first.end()).endsWith("}"));
        assertEquals(9, o.rules().get(1).firstLine());
        assertEquals(9, o.rules().get(1).lastLine());
    }

    @Test
    void bracesInsideStringsRegexesAndHexStringsDoNotConfuseIt() {
        SourceOutline o = outline("""
                rule tricky {
                    meta: note = "a } brace \\" and a quote"
                    strings:
                        $re = /\\}\\/{2,3}[}{]"/ nocase
                        $hex = { 4D 5A [2-4] ( 90 | CC ) ?? }
                        $slash = "//not a comment"
                    condition: $re and $hex and $slash and filesize \\ 2 > 0
                }
                rule after { condition: true }
                """);
        assertTrue(o.wellFormed());
        assertEquals(List.of("tricky", "after"), names(o));
        assertEquals(8, o.rules().get(0).lastLine());
    }

    @Test
    void reportsWhatItCannotUnderstand() {
        assertFalse(outline("rule open { condition: true\n").wellFormed());
        assertFalse(outline("rule a { condition: true } }").wellFormed());
        assertFalse(outline("rule a { strings: $a = \"unterminated\n condition: $a }").wellFormed());
        assertFalse(outline("/* never closed").wellFormed());
        assertFalse(outline("rule { condition: true }").wellFormed());
    }

    @Test
    void blankingKeepsLineNumbers() {
        byte[] text = "rule a {\n condition: true\n}\nrule b { condition: true }\n".getBytes(StandardCharsets.UTF_8);
        SourceOutline o = SourceOutline.of(text);
        byte[] blanked = SourceOutline.blank(text, o.rules().get(0));
        assertEquals(text.length, blanked.length);
        SourceOutline after = SourceOutline.of(blanked);
        assertEquals(List.of("b"), names(after));
        assertEquals(4, after.rules().get(0).firstLine());
    }
}
