package dev.ferret.detect.windows;

import dev.ferret.model.windows.OsVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MS17-010 fixed-build table as shipped (ferret/signatures/windows/ms17-010.txt). */
class Ms17010TableTest {
    private final Ms17010Table table = WindowsDetectionData.builtIn().ms17010();

    private static OsVersion os(int major, int minor, int build) {
        return new OsVersion(major, minor, build, -1, null, "Server", null);
    }

    private Ms17010Table.State state(OsVersion os, String srv) {
        return table.judge(os, srv).state();
    }

    @Test
    void theShippedDataLoadsWithoutProblems() {
        assertTrue(WindowsDetectionData.builtIn().problems().isEmpty(), WindowsDetectionData.builtIn().problems().toString());
    }

    @Test
    void eachBuildIsJudgedAgainstItsOwnFixedVersion() {
        assertEquals(Ms17010Table.State.UNPATCHED, state(os(6, 1, 7601), "6.1.7601.17514"));
        assertEquals(Ms17010Table.State.PATCHED, state(os(6, 1, 7601), "6.1.7601.23689"));
        assertEquals(Ms17010Table.State.PATCHED, state(os(6, 1, 7601), "6.1.7601.24499"));
        assertEquals(Ms17010Table.State.UNPATCHED, state(os(6, 3, 9600), "6.3.9600.18592"));
        assertEquals(Ms17010Table.State.PATCHED, state(os(6, 3, 9600), "6.3.9600.18604"));
        assertEquals(Ms17010Table.State.UNPATCHED, state(os(10, 0, 14393), "10.0.14393.0"));
        assertEquals(Ms17010Table.State.PATCHED, state(os(10, 0, 14393), "10.0.14393.953"));
        assertEquals(Ms17010Table.State.UNAFFECTED, state(os(10, 0, 17763), "10.0.17763.1"));
        assertEquals(Ms17010Table.State.NO_UPDATE, state(os(6, 1, 7600), "6.1.7600.16385"));
    }

    @Test
    void vistaAnd2008PickTheirServicingBranch() {
        // GDR builds (1xxxx) are fixed at 19743, LDR builds (2xxxx) at 24067
        assertEquals(Ms17010Table.State.UNPATCHED, state(os(6, 0, 6002), "6.0.6002.19700"));
        assertEquals(Ms17010Table.State.PATCHED, state(os(6, 0, 6002), "6.0.6002.19743"));
        assertEquals(Ms17010Table.State.UNPATCHED, state(os(6, 0, 6002), "6.0.6002.24000"), "19743 < 24000 but LDR");
        assertEquals(Ms17010Table.State.PATCHED, state(os(6, 0, 6002), "6.0.6002.24067"));
    }

    @Test
    void unknownsStayUnknown() {
        assertEquals(Ms17010Table.State.UNKNOWN, state(null, "6.1.7601.1"));
        assertEquals(Ms17010Table.State.UNKNOWN, state(os(6, 1, 7601), null));
        assertEquals(Ms17010Table.State.UNKNOWN, state(os(4, 0, 1381), "4.0.1381.1"));
    }
}
