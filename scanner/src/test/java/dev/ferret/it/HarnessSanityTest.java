package dev.ferret.it;

import dev.ferret.data.DataLine;
import dev.ferret.data.IocSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cheap checks of the integration-test harness and of the IOC rule the CLI test relies on. */
class HarnessSanityTest {
    @Test
    void reportParsesFindingsAndRequiresTheStateRecordLast() {
        Report report = Report.parse("""
                {"event":{"kind":"alert"},"rule":{"id":"x.rule"},"process":{"pid":42},"ferret":{"severity":"high","reasons":["r"]}}
                {"event":{"kind":"state"},"ferret":{"coverage":{"gaps":[{"area":"processes","reason":"permission denied"}]}}}
                """, "inline");
        assertEquals(1, report.findings("x.rule").size());
        assertEquals(42, Report.pid(report.findings().get(0)));
        assertTrue(Report.atLeastHigh(report.findings().get(0)));
        assertEquals("processes", report.gaps().get(0).at("/area").asText());
        assertThrows(AssertionError.class, () -> Report.parse("{\"event\":{\"kind\":\"state\"}}\nnot json\n", "inline"));
        assertThrows(AssertionError.class, () -> Report.parse("{\"event\":{\"kind\":\"alert\"}}\n", "inline").state());
    }

    @Test
    void classPathForChildJvmsIsNonEmptyAndHoldsTheCli() {
        assertTrue(Ferret.classPath().stream().anyMatch(e -> e.contains("classes") || e.contains("ferret-scanner")),
                Ferret.classPath().toString());
        assertTrue(Ferret.java().endsWith("java"), Ferret.java());
    }

    @Test
    void truncatedMd5IsRejectedAndNotUsedAsAPrefix() {
        IocSet iocs = new IocSet();
        String full = "6a034a7041f30688086080a1c922e60f";
        iocs.addHashes(List.of(new DataLine("t.txt", 3, full.substring(0, 31) + ";case 1", "")));
        assertEquals(1, iocs.problems().size());
        assertTrue(iocs.problems().get(0).startsWith("t.txt:3: "), iocs.problems().get(0));
        assertTrue(iocs.hash(full).isEmpty(), "a 31-digit hash must never match as a prefix");
        assertTrue(iocs.hash(full.substring(0, 31)).isEmpty());
    }
}
