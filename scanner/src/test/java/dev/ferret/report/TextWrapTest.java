package dev.ferret.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextWrapTest {
    @Test
    void wrapsAtEightyColumnsWithHangingIndent() {
        String text = "- " + "word ".repeat(60) + "/a/very/long/path/" + "x".repeat(150);
        List<String> lines = TextWrap.wrap(text, 80, "      ", "        ");
        assertTrue(lines.size() > 4);
        lines.forEach(l -> assertTrue(l.length() <= 80, l.length() + ": " + l));
        assertTrue(lines.get(0).startsWith("      - word"));
        assertTrue(lines.get(1).startsWith("        "));
        assertEquals(text.replace(" ", ""), String.join("", lines).replace(" ", ""), "no character is lost");
    }
}
