package dev.ferret.collect.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.detect.windows.WindowsDetectors;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The case-2 host with the APIs a locked-down host (or Wine) does not answer: no system catalogs, socket owners pid
 * 0, no root\subscription namespace. Each ends in a coverage gap and a fallback, never a crash or a false verdict.
 */
class DegradedWindowsHostTest {
    @TempDir
    Path disk;

    private static boolean gap(Coverage c, String area, String start) {
        return c.gaps().stream().anyMatch(g -> g.area().equals(area) && g.reason().startsWith(start));
    }

    @Test
    void withoutCatalogsUnsignedIsNeverClaimedForFilesWithoutAnEmbeddedSignature() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk, j -> {
            // what Authenticode answers when the catalog store is empty: no embedded signature, catalogs not askable
            for (JsonNode d : j.withArray("fileDefaults")) {
                ((ObjectNode) d).putObject("signature").put("status", "NO_CATALOGS").put("code", 0x800B0100);
            }
            j.with("files").forEach(f -> {
                if (f.path("signature").path("status").asText().equals("UNSIGNED")) {
                    ((ObjectNode) f).putObject("signature").put("status", "NO_CATALOGS").put("code", 0x800B0100);
                }
            });
        }));
        WindowsFacts facts = WindowsFacts.find(s).orElseThrow();
        List<ModuleInfo> svchost = facts.modules(884);
        ModuleInfo ntdll = svchost.stream().filter(m -> m.path().endsWith("ntdll.dll")).findFirst().orElseThrow();
        ModuleInfo planted = svchost.stream().filter(m -> m.path().endsWith("snmpstorsrv.dll")).findFirst().orElseThrow();
        assertEquals(SignatureState.UNKNOWN, ntdll.signature().state());
        assertEquals(SignatureState.UNKNOWN, planted.signature().state());
        assertTrue(gap(s.coverage(), "processes", "catalog signatures not verifiable"), s.coverage().gaps().toString());

        List<Finding> findings = WindowsFixture.detect(s, WindowsDetectors.all());
        for (Finding f : findings) {
            assertFalse(f.reasons().stream().anyMatch(r -> r.text().contains("is unsigned")),
                    "no file may be called unsigned when catalogs could not be asked:\n" + WindowsFixture.dump(List.of(f)));
        }
        // the case-2 DLL is still reported for what is known: registration, name, location
        assertTrue(WindowsFixture.rule(findings, "windows.svchost.foreign-module").stream()
                .anyMatch(f -> f.file() != null && f.file().path().endsWith("snmpstorsrv.dll")), WindowsFixture.dump(findings));
    }

    @Test
    void socketOwnersPidZeroAreAGapNotAnOwner() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk, j -> {
            for (JsonNode row : j.withArray("tcp")) {
                ((ObjectNode) row).put("pid", 0);
            }
        }));
        List<SocketInfo> tcp = s.sockets().stream().filter(x -> x.protocol().equals("tcp")).toList();
        assertFalse(tcp.isEmpty());
        assertTrue(tcp.stream().allMatch(x -> x.pids().isEmpty()), "pid 0 is nobody, not the idle process");
        assertTrue(gap(s.coverage(), "network", "socket owner unknown"), s.coverage().gaps().toString());
        List<Finding> findings = WindowsFixture.detect(s, WindowsDetectors.all());
        assertTrue(findings.stream().noneMatch(f -> f.process() != null && f.process().pid() == 0),
                WindowsFixture.dump(findings));
    }

    @Test
    void theRecordedHostHasOwnersForItsLiveSockets() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        assertFalse(gap(s.coverage(), "network", "socket owner unknown"), s.coverage().gaps().toString());
    }

    @Test
    void aMissingSubscriptionNamespaceIsAGap() throws Exception {
        // WBEM_E_INVALID_NAMESPACE: what Wine's WMI answers for root\subscription
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk,
                j -> j.putObject("wmi").put("error", 0x8004100E)));
        assertTrue(gap(s.coverage(), "persistence", "WMI subscriptions not queryable"), s.coverage().gaps().toString());
        assertTrue(s.persistence().stream().noneMatch(p -> p.kind().equals(WindowsWmiCollector.KIND)));
        assertFalse(s.persistence().isEmpty(), "the other persistence sources are still read");
    }
}
