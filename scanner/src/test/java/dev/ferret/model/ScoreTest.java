package dev.ferret.model;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreTest {
    @Test
    void strongestReasonCountsFullyAndOthersWithDiminishingReturns() {
        assertEquals(80, Score.combine(List.of(80)));
        int two = Score.combine(List.of(80, 60));
        assertTrue(two > 80 && two < 100, "two strong reasons: " + two);
        assertEquals(Score.combine(List.of(60, 80)), two, "order does not matter");
    }

    @Test
    void manyWeakHintsDoNotMakeAnAlert() {
        int ten = Score.combine(Collections.nCopies(10, 10));
        assertTrue(ten < Severity.MEDIUM.floor(), "ten weak hints: " + ten);
        int hundred = Score.combine(Collections.nCopies(100, 20));
        assertTrue(hundred < Severity.MEDIUM.floor(), "a hundred weak hints: " + hundred);
    }

    @Test
    void scoresStayInRange() {
        assertEquals(100, Score.combine(List.of(150, 100)));
        assertEquals(0, Score.combine(List.of()));
    }

    @Test
    void severityLabels() {
        assertEquals(Severity.CRITICAL, Severity.ofScore(95));
        assertEquals(Severity.HIGH, Severity.ofScore(70));
        assertEquals(Severity.MEDIUM, Severity.ofScore(69));
        assertEquals(Severity.INFO, Severity.ofScore(0));
        assertEquals(Severity.HIGH, Severity.parse(" High "));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse("severe"));
    }

    @Test
    void findingWithoutReasonIsRefused() {
        assertThrows(IllegalStateException.class, () -> Finding.builder("x", "y").build());
    }
}
