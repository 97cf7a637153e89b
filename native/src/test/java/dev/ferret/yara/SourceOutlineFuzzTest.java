package dev.ferret.yara;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the YARA source outliner that {@link YaraCompiler} uses to drop single broken rules:
 * any bytes give rule spans inside the source, in order and not overlapping, or "not well formed"; blanking a span
 * keeps the length and the line numbers. Bounded time: the lexer moves forward on every byte.
 */
class SourceOutlineFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void outline(byte[] input) {
        long start = System.nanoTime();
        SourceOutline outline = SourceOutline.of(input);
        int previousEnd = 0;
        for (SourceOutline.RuleSpan span : outline.rules()) {
            assertTrue(span.start() >= previousEnd && span.start() <= span.end() && span.end() <= input.length,
                    span + " in " + input.length + " bytes");
            assertTrue(span.firstLine() >= 1 && span.firstLine() <= span.lastLine(), span.toString());
            previousEnd = span.end();
            byte[] blanked = SourceOutline.blank(input, span);
            assertEquals(input.length, blanked.length);
            assertEquals(lines(input), lines(blanked));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "outline took " + millis + " ms");
    }

    private static int lines(byte[] b) {
        int n = 0;
        for (byte c : b) {
            n += c == '\n' ? 1 : 0;
        }
        return n;
    }
}
