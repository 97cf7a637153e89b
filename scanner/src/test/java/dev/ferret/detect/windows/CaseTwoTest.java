package dev.ferret.detect.windows;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.ferret.collect.windows.WindowsFixture.atLeast;
import static dev.ferret.collect.windows.WindowsFixture.dump;
import static dev.ferret.collect.windows.WindowsFixture.evidence;
import static dev.ferret.collect.windows.WindowsFixture.responds;
import static dev.ferret.collect.windows.WindowsFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * THREATS.md case 2 (NrsMiner over EternalBlue) from a recorded Windows Server 2008 R2 host, collected and judged
 * end to end: each fact the write-up describes produces its finding, with the response a shared svchost needs.
 */
class CaseTwoTest {
    @TempDir
    static Path disk;
    static Snapshot snapshot;
    static List<Finding> findings;

    @BeforeAll
    static void scan() throws Exception {
        snapshot = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        findings = WindowsFixture.detect(snapshot, WindowsDetectors.all());
    }

    private static Finding one(String rule, String about) {
        return findings.stream().filter(f -> f.ruleId().equals(rule) && (dump(List.of(f)).contains(about)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " about " + about + " in\n"
                        + dump(findings)));
    }

    @Test
    @Golden("windows.svchost.foreign-module")
    void svchostHostingTheUnsignedSystemLikeDllIsTheCaseTwoFinding() {
        Finding f = one(SvchostModuleDetector.ID, "snmpstorsrv.dll");
        atLeast(Severity.CRITICAL, f);
        assertEquals(884, f.process().pid());
        assertEquals("C:\\Windows\\System32\\snmpstorsrv.dll", f.file().path());
        assertTrue(evidence(f, "is unsigned"), dump(List.of(f)));
        assertTrue(evidence(f, "ServiceDll of service 'Snmpstorsrv'"));
        assertTrue(evidence(f, "system-like name"));
        assertTrue(evidence(f, "within the last 7 days"), "the service key was written two days ago");
        assertTrue(f.techniques().containsAll(List.of("T1543.003", "T1036.005")), f.techniques().toString());
        // the responder's order: the service first, never the shared svchost, delete at reboot
        assertTrue(responds(f, "sc.exe config \"Snmpstorsrv\" start= disabled"), f.response().toString());
        assertTrue(responds(f, "do not kill svchost.exe (pid 884) blindly: it also hosts"), f.response().toString());
        assertTrue(responds(f, "movefile.exe \"C:\\Windows\\System32\\snmpstorsrv.dll\""));
        // OS-signed modules of the same svchost are the base set: no finding for them
        assertTrue(rule(findings, SvchostModuleDetector.ID).stream().allMatch(x -> x.file().path().endsWith("snmpstorsrv.dll")),
                dump(rule(findings, SvchostModuleDetector.ID)));
    }

    @Test
    @Golden("windows.system-name-masquerade")
    void theSystemLikeNameInSystem32IsMasquerading() {
        Finding f = one(MasqueradeDetector.ID, "snmpstorsrv.dll");
        atLeast(Severity.HIGH, f);
        assertTrue(evidence(f, "every Windows file there is signed by Microsoft"));
        assertTrue(responds(f, "sc.exe config \"Snmpstorsrv\""));
        assertEquals(1, rule(findings, MasqueradeDetector.ID).size(), dump(rule(findings, MasqueradeDetector.ID)));
    }

    @Test
    @Golden("windows.injected-code")
    void thePrivateRwxRegionWithAPeHeaderIsInjectedCode() {
        Finding f = one(InjectedCodeDetector.ID, "pid 884");
        atLeast(Severity.HIGH, f);
        assertTrue(evidence(f, "holds a PE image"), dump(List.of(f)));
        assertTrue(evidence(f, "PAGE_EXECUTE_READWRITE"));
        assertTrue(f.techniques().contains("T1055.001") && f.techniques().contains("T1620"));
        assertTrue(responds(f, "procdump -ma 884"));
        assertEquals(1, rule(findings, InjectedCodeDetector.ID).size(), "ferret's own JVM is never judged: "
                + dump(rule(findings, InjectedCodeDetector.ID)));
    }

    @Test
    @Golden("windows.smb-spread")
    void hundredsOfOutbound445ConnectionsFromOnePidAreTheWormSpreading() {
        Finding f = one(SmbSpreadDetector.ID, "pid 884");
        atLeast(Severity.HIGH, f);
        assertTrue(evidence(f, "300 connections to TCP 445 on 300 distinct hosts"), dump(List.of(f)));
        assertTrue(evidence(f, "half-open (SYN_SENT)"));
        assertTrue(evidence(f, "runs injected"));
        assertTrue(f.techniques().contains("T1210"));
        assertTrue(responds(f, "isolate this host"));
        assertEquals(1, rule(findings, SmbSpreadDetector.ID).size());
    }

    @Test
    @Golden("windows.ms17-010")
    void oneMs17010VerdictExposed() {
        List<Finding> verdicts = rule(findings, Ms17010Detector.ID);
        assertEquals(1, verdicts.size(), dump(verdicts));
        Finding f = verdicts.get(0);
        assertEquals(95, f.score());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.ruleName().endsWith("exposed"));
        assertTrue(evidence(f, "srv.sys 6.1.7601.17514 is older than the fixed 6.1.7601.23689"), dump(verdicts));
        assertTrue(evidence(f, "SMBv1 server enabled"));
        assertTrue(evidence(f, "TCP 0.0.0.0:445 listens"));
        assertTrue(evidence(f, "the Domain firewall profile is off"));
        assertTrue(evidence(f, "allows TCP 445 from any address"));
        assertTrue(responds(f, "KB4012212"));
        assertTrue(responds(f, "SMB1=0"));
        assertTrue(snapshot.coverage().notes().stream().anyMatch(n -> n.startsWith("MS17-010: exposed")),
                snapshot.coverage().notes().toString());
    }

    @Test
    @Golden("windows.persistence.user-writable")
    void theRunKeyIntoTempAndTheServiceInTempArePersistenceFindings() {
        Finding run = one(PersistencePathDetector.ID, "Run\\TrustedHost");
        atLeast(Severity.HIGH, run);
        assertTrue(evidence(run, "runs C:\\Users\\Administrator\\AppData\\Local\\Temp\\TrustedHostex.exe"), dump(List.of(run)));
        assertTrue(run.techniques().contains("T1547.001"));
        assertTrue(responds(run, "reg delete \"HKU\\S-1-5-21-1004336348-1177238915-682003330-500\\Software\\Microsoft"
                + "\\Windows\\CurrentVersion\\Run\" /v \"TrustedHost\" /f"), run.response().toString());

        Finding svc = one(PersistencePathDetector.ID, "Services\\svcupd");
        atLeast(Severity.HIGH, svc);
        assertTrue(evidence(svc, "C:\\Windows\\Temp\\svcupd.exe"));
        assertTrue(svc.techniques().contains("T1543.003"));
        assertTrue(responds(svc, "sc.exe config \"svcupd\" start= disabled"));
        assertTrue(responds(svc, "sc.exe delete \"svcupd\""));
        // the third: the worm's own service, for its IOC-listed ServiceDll (System32 is not a user-writable path)
        Finding worm = one(PersistencePathDetector.ID, "Services\\Snmpstorsrv");
        assertTrue(evidence(worm, "matches a file-name IOC"));
        assertFalse(evidence(worm, "temp directory"));
        assertEquals(3, rule(findings, PersistencePathDetector.ID).size(), dump(rule(findings, PersistencePathDetector.ID)));
    }

    @Test
    @Golden("windows.persistence.unsigned-service")
    void unsignedServiceBinariesAreReported() {
        Finding dll = one(UnsignedServiceDetector.ID, "snmpstorsrv.dll");
        atLeast(Severity.MEDIUM, dll);
        assertTrue(evidence(dll, "svchost loads it"));
        Finding exe = one(UnsignedServiceDetector.ID, "svcupd.exe");
        atLeast(Severity.MEDIUM, exe);
        assertFalse(rule(findings, UnsignedServiceDetector.ID).stream().anyMatch(f -> f.file().path().contains("vmtoolsd")));
    }

    @Test
    @Golden("windows.process.user-writable-path")
    void theMinerRunsFromTemp() {
        Finding f = one(ProcessLocationDetector.ID, "TrustedHostex.exe");
        atLeast(Severity.MEDIUM, f);
        assertTrue(evidence(f, "is unsigned"));
        one(ProcessLocationDetector.ID, "svcupd.exe");
    }

    @Test
    void genuineSystemProcessesAreNotReported() {
        assertTrue(rule(findings, SystemProcessDetector.SVCHOST).isEmpty(), dump(findings));
        assertTrue(rule(findings, SystemProcessDetector.LSASS).isEmpty());
        assertTrue(rule(findings, SystemProcessDetector.LOOKALIKE).isEmpty());
        assertTrue(rule(findings, ModuleMismatchDetector.ID).isEmpty());
    }
}
