package dev.ferret.detect.windows;

import dev.ferret.data.rules.Golden;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static dev.ferret.collect.windows.WindowsFixture.atLeast;
import static dev.ferret.collect.windows.WindowsFixture.dump;
import static dev.ferret.collect.windows.WindowsFixture.evidence;
import static dev.ferret.collect.windows.WindowsFixture.responds;
import static dev.ferret.collect.windows.WindowsFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Variants of case 2 that the next infection will look like: other names (no IOC to lean on), an injected DLL no
 * service registers, the implant answering, patched or SMBv1-off hosts, a fake lsass, hollowing.
 */
class CaseTwoVariantsTest {
    @TempDir
    Path disk;

    private List<Finding> scan(Consumer<ObjectNode> edit) throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk, edit));
        return WindowsFixture.detect(s, WindowsDetectors.all());
    }

    private static ObjectNode key(ObjectNode j, String key) {
        return (ObjectNode) j.with("registry").get(key);
    }

    /** Renames the worm DLL everywhere it appears, so no file-name IOC matches. */
    private static void rename(ObjectNode j, String to) {
        String from = "snmpstorsrv.dll";
        for (var m : j.with("modules").get("884")) {
            ((ObjectNode) m).put("path", m.get("path").asText().replace(from, to))
                    .put("mapped", m.get("mapped").asText().replace(from, to));
        }
        ObjectNode files = j.with("files");
        files.set("C:\\Windows\\System32\\" + to, files.remove("C:\\Windows\\System32\\" + from));
        ((ObjectNode) key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Snmpstorsrv\\Parameters").get("values")
                .get("ServiceDll")).put("data", "%SystemRoot%\\System32\\" + to);
    }

    @Test
    void anInjectedDllNoServiceRegistersIsStillHighWithoutAnyIoc() throws Exception {
        List<Finding> findings = scan(j -> {
            rename(j, "wmisvchost.dll");
            j.with("registry").remove("HKLM\\SYSTEM\\CurrentControlSet\\Services\\Snmpstorsrv");
            j.with("registry").remove("HKLM\\SYSTEM\\CurrentControlSet\\Services\\Snmpstorsrv\\Parameters");
            ArrayNode group = (ArrayNode) key(j, "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Svchost")
                    .get("values").get("netsvcs");
            group.remove(group.size() - 1);
            ArrayNode services = (ArrayNode) j.get("services");
            for (int i = services.size() - 1; i >= 0; i--) {
                if (services.get(i).get("name").asText().equals("Snmpstorsrv")) {
                    services.remove(i);
                }
            }
        });
        Finding f = rule(findings, SvchostModuleDetector.ID).get(0);
        atLeast(Severity.HIGH, f);
        assertTrue(f.file().path().endsWith("wmisvchost.dll"));
        assertTrue(evidence(f, "no service of svchost group netsvcs registers it"), dump(List.of(f)));
        assertTrue(f.techniques().contains("T1055.001"));
        assertTrue(responds(f, "it was injected into svchost.exe -k netsvcs (pid 884)"), f.response().toString());
        assertTrue(f.reasons().stream().noneMatch(r -> r.text().contains("IOC")));
    }

    @Test
    void aRegisteredRenamedWormDllIsStillHighWithoutAnyIoc() throws Exception {
        List<Finding> findings = scan(j -> rename(j, "netsrvmgr.dll"));
        Finding f = rule(findings, SvchostModuleDetector.ID).get(0);
        atLeast(Severity.HIGH, f);
        assertTrue(f.reasons().stream().noneMatch(r -> r.text().contains("IOC")));
    }

    @Test
    void theImplantAnsweringMakesTheHostBackdoored() throws Exception {
        List<Finding> findings = scan(j -> j.putObject("smbProbe").put("state", "IMPLANT")
                .put("detail", "answered with multiplex id 0x51").put("arch", "x64"));
        Finding f = rule(findings, Ms17010Detector.ID).get(0);
        assertEquals(100, f.score());
        assertTrue(f.ruleName().endsWith("backdoored"));
        assertTrue(responds(f, "DoublePulsar implant"));
    }

    @Test
    void aPatchedSrvSysWithSmb1OffGivesNoFinding() throws Exception {
        List<Finding> findings = scan(j -> {
            ((ObjectNode) j.with("files").get("C:\\Windows\\System32\\drivers\\srv.sys").get("version"))
                    .put("fileVersion", "6.1.7601.24168");
            key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters").with("values").put("SMB1", 0);
        });
        assertTrue(rule(findings, Ms17010Detector.ID).isEmpty(), dump(rule(findings, Ms17010Detector.ID)));
    }

    @Test
    void aPatchedHostStillOfferingSmb1IsALowHardeningHint() throws Exception {
        List<Finding> findings = scan(j -> ((ObjectNode) j.with("files").get("C:\\Windows\\System32\\drivers\\srv.sys")
                .get("version")).put("fileVersion", "6.1.7601.24168"));
        Finding f = rule(findings, Ms17010Detector.ID).get(0);
        assertEquals(Severity.LOW, f.severity());
        assertTrue(responds(f, "disable SMBv1 even though MS17-010 is installed"));
    }

    @Test
    void unpatchedButSmb1OffIsVulnerableNotExposed() throws Exception {
        List<Finding> findings = scan(j -> key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters")
                .with("values").put("SMB1", 0));
        Finding f = rule(findings, Ms17010Detector.ID).get(0);
        assertEquals(55, f.score());
        assertTrue(f.ruleName().endsWith("vulnerable"));
    }

    @Test
    void unpatchedButFirewalledIsVulnerableNotExposed() throws Exception {
        List<Finding> findings = scan(j -> {
            key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile")
                    .with("values").put("EnableFirewall", 1);
            key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules")
                    .with("values").remove("FPS-SMB-In-TCP");
        });
        Finding f = rule(findings, Ms17010Detector.ID).get(0);
        assertTrue(f.ruleName().endsWith("vulnerable"), dump(List.of(f)));
        assertTrue(evidence(f, "the firewall blocks inbound 139/445"));
    }

    @Test
    void groupPolicyTurningTheFirewallOffOverridesTheLocalSetting() throws Exception {
        List<Finding> findings = scan(j -> {
            key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile")
                    .with("values").put("EnableFirewall", 1);
            key(j, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules")
                    .with("values").remove("FPS-SMB-In-TCP");
            j.with("registry").putObject("HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile")
                    .putObject("values").put("EnableFirewall", 0);
        });
        Finding f = rule(findings, Ms17010Detector.ID).get(0);
        assertTrue(f.ruleName().endsWith("exposed"), dump(List.of(f)));
        assertTrue(evidence(f, "the Public firewall profile is off (policy setting)"));
    }

    @Test
    @Golden("windows.system-process.lsass")
    void aSecondLsassStartedByExplorerIsAFake() throws Exception {
        List<Finding> findings = scan(j -> {
            ((ArrayNode) j.get("processes")).addObject().put("pid", 3100).put("ppid", 1400).put("name", "lsass.exe")
                    .put("threads", 2);
            j.with("details").putObject("3100").put("imagePath", "C:\\Windows\\lsass.exe")
                    .put("commandLine", "C:\\Windows\\lsass.exe").put("created", "2026-11-20T03:20:00Z");
        });
        List<Finding> lsass = rule(findings, SystemProcessDetector.LSASS);
        assertEquals(1, lsass.size(), dump(lsass));
        Finding f = lsass.get(0);
        assertEquals(3100, f.process().pid());
        atLeast(Severity.HIGH, f);
        assertTrue(evidence(f, "pid 556 is the one wininit started from System32"));
        assertTrue(evidence(f, "not from C:\\Windows\\System32"));
        assertTrue(evidence(f, "was started by explorer.exe (pid 1400)"));
    }

    @Test
    @Golden("windows.system-process.placement")
    void aCsrssRunningFromTempUnderExplorerIsInTheWrongPlace() throws Exception {
        List<Finding> findings = scan(j -> {
            ((ArrayNode) j.get("processes")).addObject().put("pid", 3400).put("ppid", 1400).put("name", "csrss.exe")
                    .put("threads", 2);
            j.with("details").putObject("3400").put("imagePath", "C:\\Windows\\Temp\\csrss.exe")
                    .put("commandLine", "C:\\Windows\\Temp\\csrss.exe").put("created", "2026-11-20T03:20:00Z");
        });
        List<Finding> placement = rule(findings, SystemProcessDetector.PLACEMENT);
        assertEquals(1, placement.size(), dump(findings));
        Finding f = placement.get(0);
        assertEquals(3400, f.process().pid());
        atLeast(Severity.HIGH, f);
        assertTrue(evidence(f, "runs from C:\\Windows\\Temp\\csrss.exe, not from C:\\Windows\\System32"), dump(placement));
        assertEquals(List.of("T1036", "T1036.005"), f.techniques());
    }

    @Test
    @Golden({"windows.system-process.svchost", "windows.system-process.lookalike"})
    void svchostOutsideSystem32WithoutGroupAndLookAlikesAreMasquerading() throws Exception {
        List<Finding> findings = scan(j -> {
            ArrayNode p = (ArrayNode) j.get("processes");
            p.addObject().put("pid", 3200).put("ppid", 1400).put("name", "svchost.exe").put("threads", 2);
            j.with("details").putObject("3200").put("imagePath", "C:\\ProgramData\\svchost.exe")
                    .put("commandLine", "C:\\ProgramData\\svchost.exe").put("created", "2026-11-20T03:20:00Z");
            p.addObject().put("pid", 3300).put("ppid", 1400).put("name", "scvhost.exe").put("threads", 2);
            j.with("details").putObject("3300").put("imagePath", "C:\\Windows\\scvhost.exe")
                    .put("commandLine", "C:\\Windows\\scvhost.exe");
        });
        Finding svchost = rule(findings, SystemProcessDetector.SVCHOST).get(0);
        atLeast(Severity.HIGH, svchost);
        assertTrue(evidence(svchost, "runs without -k"));
        assertTrue(evidence(svchost, "not by services.exe"));
        Finding look = rule(findings, SystemProcessDetector.LOOKALIKE).get(0);
        assertEquals(3300, look.process().pid());
        atLeast(Severity.MEDIUM, look);
    }

    @Test
    @Golden("windows.module-file-mismatch")
    void aHollowedProcessAndADeletedModuleAreMismatches() throws Exception {
        List<Finding> findings = scan(j -> {
            ObjectNode main = (ObjectNode) j.with("modules").get("1100").get(0);
            main.put("mapped", "C:\\Users\\Public\\payload.exe");
            ((ArrayNode) j.with("modules").get("1400")).addObject().put("base", "0x6f000000").put("size", 65536)
                    .put("path", "C:\\Users\\Administrator\\AppData\\Roaming\\gone.dll")
                    .put("mapped", "C:\\Users\\Administrator\\AppData\\Roaming\\gone.dll");
        });
        List<Finding> mismatch = rule(findings, ModuleMismatchDetector.ID);
        assertEquals(2, mismatch.size(), dump(mismatch));
        Finding hollow = mismatch.stream().filter(f -> f.process().pid() == 1100).findFirst().orElseThrow();
        atLeast(Severity.HIGH, hollow);
        assertTrue(hollow.techniques().contains("T1055.012"));
        assertTrue(evidence(hollow, "maps C:\\Users\\Public\\payload.exe"));
        Finding gone = mismatch.stream().filter(f -> f.process().pid() == 1400).findFirst().orElseThrow();
        atLeast(Severity.MEDIUM, gone);
        assertTrue(evidence(gone, "can no longer be read from disk"));
    }

    @Test
    void brokenCatalogVerificationWeakensUnsignedInSystem32() throws Exception {
        List<Finding> findings = scan(j -> {
            ArrayNode defaults = (ArrayNode) j.get("fileDefaults");
            ((ObjectNode) defaults.get(0)).putObject("signature").put("status", "UNSIGNED").put("code", -2146762496);
        });
        // every System32 module now reads unsigned: the signer check cannot be trusted, and says so
        List<Finding> masquerade = rule(findings, MasqueradeDetector.ID);
        assertTrue(masquerade.stream().filter(f -> !f.file().path().endsWith("snmpstorsrv.dll"))
                .allMatch(f -> f.severity().compareTo(Severity.MEDIUM) < 0), dump(masquerade));
    }
}
