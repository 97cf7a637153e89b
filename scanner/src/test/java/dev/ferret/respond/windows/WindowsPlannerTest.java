package dev.ferret.respond.windows;

import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * THREATS case 2 on the plan level: NrsMiner's snmpstorsrv.dll inside a shared svchost.exe, TrustedHostex.exe
 * mining, a Run key and a scheduled task. The Windows steps are never executed here; their PowerShell is checked.
 */
class WindowsPlannerTest {
    static final String DLL = "C:\\Windows\\System32\\snmpstorsrv.dll";
    static final String SVCHOST = "C:\\Windows\\System32\\svchost.exe";
    static final String MINER = "C:\\Windows\\Temp\\TrustedHostex.exe";

    final List<Finding> findings = new ArrayList<>();

    static Finding finding(String rule, int score, String chain, ProcessRef process, String file, Endpoint dest,
                           PersistenceEntry entry) {
        return new Finding(rule, rule, List.of(), List.of(), score, List.of(new Reason(rule + " reason", score)),
                process, file == null ? null : FileRef.of(file), null, dest, entry, List.of(), chain);
    }

    void caseTwo() {
        ProcessRef svchost = new ProcessRef(1234, 680, "svchost.exe", SVCHOST, "C:\\Windows\\system32\\svchost.exe -k netsvcs");
        ProcessRef miner = new ProcessRef(4321, 1234, "TrustedHostex.exe", MINER, MINER + " -o stratum+tcp://pool.minexmr.com:4444");
        findings.add(finding("windows.svchost.foreign-module", 95, "c1", svchost, DLL, null, null));
        findings.add(finding("network.pool-connection", 85, "c1", svchost, null, new Endpoint("91.121.140.167", 445), null));
        findings.add(finding("windows.persistence.user-writable", 80, "c1", null, DLL, null, new PersistenceEntry("service",
                "HKLM\\SYSTEM\\CurrentControlSet\\Services\\snmpstorsrv\\Parameters", 0, "LocalSystem",
                "%SystemRoot%\\System32\\snmpstorsrv.dll", null, List.of(DLL))));
        findings.add(finding("process.miner-command-line", 92, "c2", miner, MINER, null, null));
        findings.add(finding("network.pool-connection", 85, "c2", miner, null, new Endpoint("163.172.226.120", 443), null));
        findings.add(finding("windows.persistence.user-writable", 75, "c2", null, MINER, null, new PersistenceEntry("run-key",
                "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\TrustedHost", 0, null, MINER, null,
                List.of(MINER))));
        findings.add(finding("windows.persistence.user-writable", 75, "c2", null, MINER, null, new PersistenceEntry(
                "scheduled-task", "C:\\Windows\\System32\\Tasks\\Microsoft\\Windows\\TrustedHost", 0, null, MINER, null,
                List.of(MINER))));
    }

    Plan plan(PlanOptions options) {
        return new WindowsPlanner(new WindowsPlanner.Context("WIN-SRV01", false, -1)).plan(findings, options,
                "report test.jsonl", Instant.EPOCH);
    }

    static Optional<Step> find(Plan p, StepKind kind, Predicate<Step> test) {
        return p.steps().stream().filter(s -> s.kind() == kind && test.test(s)).findFirst();
    }

    static String dump(Plan p) {
        StringBuilder b = new StringBuilder();
        for (Step s : p.steps()) {
            b.append(s.id()).append(' ').append(s.kind().id()).append(' ').append(s.target())
                    .append(s.refusal() != null ? " REFUSED " + s.refusal() : "").append(" | ").append(s.powershell())
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void anInjectedDllIsNeverUnloadedAndItsSvchostNeverSuspendedOrKilled() {
        caseTwo();
        Plan p = plan(PlanOptions.defaults());
        assertEquals(Platform.WINDOWS, p.platform());
        Step suspend = find(p, StepKind.SUSPEND, s -> s.target().contains("svchost")).orElseThrow();
        assertNotNull(suspend.refusal());
        assertTrue(suspend.refusal().contains("hosts other services"), suspend.refusal());
        assertTrue(p.steps().stream().noneMatch(s -> s.kind() == StepKind.KILL && s.target().contains("svchost")),
                dump(p));
        assertTrue(p.steps().stream().noneMatch(s -> s.powershell() != null && s.powershell().contains("Stop-Process -Id 1234")));
        // the service that registers it is disabled
        Step service = find(p, StepKind.PERSISTENCE, s -> "service snmpstorsrv".equals(s.target())).orElseThrow(
                () -> new AssertionError(dump(p)));
        assertTrue(service.powershell().contains("Set-Service -Name 'snmpstorsrv' -StartupType Disabled"));
        assertTrue(service.shell().contains("sc.exe config \"snmpstorsrv\" start= disabled"));
        // the DLL is kept, then deleted at reboot, and the responder is told to reboot
        assertTrue(find(p, StepKind.EVIDENCE, s -> DLL.equals(s.target())).isPresent());
        Step delete = find(p, StepKind.QUARANTINE, s -> DLL.equals(s.target())).orElseThrow();
        assertTrue(delete.powershell().contains("MoveFileEx('" + DLL + "', $null, 4)"), delete.powershell());
        assertEquals("delete-at-reboot", ((Action.WindowsOperation) delete.action()).operation());
        assertTrue(find(p, StepKind.NOTICE, s -> "reboot".equals(s.target()) && s.manual()).isPresent());
        // and the svchost.exe binary itself is not proposed for removal
        assertTrue(p.steps().stream().noneMatch(s -> SVCHOST.equals(s.target())
                && s.kind() == StepKind.QUARANTINE && s.executable()), dump(p));
    }

    @Test
    void theMinerIsSuspendedKeptDisabledKilledAndQuarantinedWithPowerShell() {
        caseTwo();
        Plan p = plan(PlanOptions.defaults());
        Step suspend = find(p, StepKind.SUSPEND, s -> s.target().contains("4321")).orElseThrow();
        assertNull(suspend.refusal());
        assertTrue(suspend.powershell().contains("NtSuspendProcess((Get-Process -Id 4321).Handle)"));
        Step kill = find(p, StepKind.KILL, s -> s.target().contains("4321")).orElseThrow();
        assertEquals("Stop-Process -Id 4321 -Force", kill.powershell());
        assertEquals("taskkill /F /PID 4321", kill.shell());
        Step run = find(p, StepKind.PERSISTENCE, s -> s.target().endsWith("\\Run\\TrustedHost")).orElseThrow();
        assertEquals("Remove-ItemProperty -LiteralPath 'HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' "
                + "-Name 'TrustedHost'", run.powershell());
        Step task = find(p, StepKind.PERSISTENCE, s -> "\\Microsoft\\Windows\\TrustedHost".equals(s.target())).orElseThrow(
                () -> new AssertionError(dump(p)));
        assertEquals("Unregister-ScheduledTask -TaskName 'TrustedHost' -TaskPath '\\Microsoft\\Windows\\' "
                + "-Confirm:$false", task.powershell());
        assertTrue(find(p, StepKind.EVIDENCE, s -> s.powershell() != null && s.powershell().startsWith(
                "Export-ScheduledTask -TaskName 'TrustedHost'")).isPresent());
        Step quarantine = find(p, StepKind.QUARANTINE, s -> MINER.equals(s.target())).orElseThrow();
        assertEquals("Move-Item -LiteralPath '" + MINER + "' -Destination $Store", quarantine.powershell());
        Step block = find(p, StepKind.BLOCK, s -> "163.172.226.120".equals(s.target())).orElseThrow();
        assertTrue(block.powershell().contains("New-NetFirewallRule -DisplayName 'ferret: block 163.172.226.120 (out)' "
                + "-Direction Outbound -Action Block -RemoteAddress 163.172.226.120"));
        assertTrue(find(p, StepKind.NOTICE, s -> "pool.minexmr.com".equals(s.target())).isPresent());
        // every step carries PowerShell or is a notice
        assertTrue(p.steps().stream().allMatch(s -> s.powershell() != null || s.refused() || s.kind() == StepKind.NOTICE),
                dump(p));
        for (int i = 1; i < p.steps().size(); i++) {
            assertTrue(p.steps().get(i - 1).kind().compareTo(p.steps().get(i).kind()) <= 0, dump(p));
        }
    }

    @Test
    void criticalProcessesAreRefusedOnlyWhenTheyAreTheRealOnes() {
        findings.add(finding("windows.suspicious", 90, "c1", new ProcessRef(600, 500, "lsass.exe",
                "C:\\Windows\\System32\\lsass.exe", null), null, null, null));
        findings.add(finding("windows.suspicious", 90, "c2", new ProcessRef(700, 1, "csrss.exe",
                "C:\\Users\\Public\\csrss.exe", null), null, null, null));
        findings.add(finding("windows.suspicious", 90, "c3", new ProcessRef(4, 0, "System", null, null), null, null,
                null));
        for (String name : List.of("wininit.exe", "smss.exe", "services.exe")) {
            findings.add(finding("windows.suspicious", 90, "c-" + name, new ProcessRef(name.length() * 100, 4, name,
                    "C:\\Windows\\System32\\" + name, null), null, null, null));
        }
        Plan p = plan(PlanOptions.defaults());
        assertTrue(find(p, StepKind.SUSPEND, s -> s.target().contains("600")).orElseThrow().refusal()
                .contains("critical Windows process"));
        assertNull(find(p, StepKind.SUSPEND, s -> s.target().contains("700")).orElseThrow().refusal(),
                "csrss.exe in C:\\Users\\Public is a masquerade");
        assertTrue(find(p, StepKind.KILL, s -> s.target().contains("700")).isPresent());
        assertTrue(find(p, StepKind.SUSPEND, s -> s.target().startsWith("pid 4 ")).orElseThrow().refusal()
                .contains("System process"));
        for (String name : List.of("wininit.exe", "smss.exe", "services.exe")) {
            assertNotNull(find(p, StepKind.SUSPEND, s -> s.target().contains(name)).orElseThrow().refusal(), name);
        }
        assertTrue(p.steps().stream().noneMatch(s -> s.kind() == StepKind.KILL && s.target().contains("lsass")));
    }

    @Test
    void smbIsBlockedInboundOnlyWhenAskedAndKindsCanBeSelected() {
        caseTwo();
        assertTrue(plan(PlanOptions.defaults()).steps().stream().noneMatch(s -> s.action() instanceof Action.BlockInbound));
        Plan smb = plan(new PlanOptions(Severity.HIGH, Set.of(), false, true, Set.of(), Set.of()));
        Step b = smb.steps().stream().filter(s -> s.action() instanceof Action.BlockInbound).findFirst().orElseThrow();
        assertTrue(b.powershell().contains("-Direction Inbound -Action Block -Protocol TCP -LocalPort 135,139,445"));
        assertTrue(b.powershell().contains("-Protocol UDP -LocalPort 137,138"));
        Plan only = plan(new PlanOptions(Severity.HIGH, Set.of(), false, false, Set.of(StepKind.BLOCK), Set.of()));
        assertFalse(only.steps().isEmpty());
        assertTrue(only.steps().stream().allMatch(s -> s.kind() == StepKind.BLOCK || s.kind() == StepKind.NOTICE));
    }

    @Test
    void anUnnamedServiceBecomesALookupForTheResponder() {
        findings.add(finding("windows.svchost.foreign-module", 95, "c1", new ProcessRef(1234, 680, "svchost.exe", SVCHOST,
                null), DLL, null, null));
        Plan p = plan(PlanOptions.defaults());
        Step lookup = find(p, StepKind.PERSISTENCE, s -> DLL.equals(s.target())).orElseThrow(() -> new AssertionError(dump(p)));
        assertTrue(lookup.manual());
        assertTrue(lookup.powershell().contains("ServiceDll -like '*snmpstorsrv.dll'"), lookup.powershell());
    }

    @Test
    void hostileNamesGetExactPowerShellAndNoCmdLineThatCouldNameAnotherFile() {
        String file = "C:\\Users\\Public\\a\u2019b %PATH% !x! \"q\".exe";
        String value = "Up'date\ndate";
        findings.add(finding("windows.persistence.user-writable", 90, "c9", null, file, null, new PersistenceEntry(
                "run-key", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\" + value, 0, null, file,
                null, List.of(file))));
        Plan p = plan(PlanOptions.defaults());
        Step q = find(p, StepKind.QUARANTINE, s -> file.equals(s.target())).orElseThrow();
        assertNull(q.shell(), "no cmd.exe line for a name with % ! or quotes");
        assertEquals("Move-Item -LiteralPath 'C:\\Users\\Public\\a\u2019\u2019b %PATH% !x! \"q\".exe' -Destination $Store",
                q.powershell());
        Step run = find(p, StepKind.PERSISTENCE, s -> s.powershell() != null
                && s.powershell().startsWith("Remove-ItemProperty")).orElseThrow();
        assertNull(run.shell());
        assertTrue(run.powershell().endsWith("-Name ('Up''date' + [char]10 + 'date')"), run.powershell());
        assertFalse(run.powershell().contains("\n"), run.powershell());
    }

    @Test
    void helpers() {
        assertEquals("\\Microsoft\\Windows\\X", WindowsPaths.taskPath("C:\\Windows\\System32\\Tasks\\Microsoft\\Windows\\X"));
        assertEquals("\\X", WindowsPaths.taskPath("X"));
        assertEquals("HKCU:\\Software\\Run", WindowsPaths.psDrive("HKEY_CURRENT_USER\\Software\\Run"));
        assertEquals("HKLM:\\Software\\Run", WindowsPaths.psDrive("HKLM\\Software\\Run"));
        assertEquals("snmpstorsrv", WindowsPaths.serviceName("HKLM\\SYSTEM\\CurrentControlSet\\Services\\snmpstorsrv\\Parameters"));
        assertTrue(WindowsPaths.systemPath("c:/windows/system32/x.dll"));
    }
}
