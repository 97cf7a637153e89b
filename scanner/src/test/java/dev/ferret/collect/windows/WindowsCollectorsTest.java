package dev.ferret.collect.windows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessViews;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.ExecRegion;
import dev.ferret.model.windows.MappingState;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.SmbState;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.report.EcsMapper;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collectors' logic on the recorded case-2 host: what each turns the API answers into. */
class WindowsCollectorsTest {
    @TempDir
    Path disk;

    @Test
    void processesCarryPebCommandLinesAccountsAndCpu() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        ProcessInfo miner = s.process(2236).orElseThrow();
        assertEquals("TrustedHostex.exe", miner.name());
        assertEquals("C:\\Users\\Administrator\\AppData\\Local\\Temp\\TrustedHostex.exe", miner.executable());
        assertEquals("C:\\Users\\Administrator\\AppData\\Local\\Temp\\TrustedHostex.exe", miner.arguments().get(0),
                "the quoted program name is one argument");
        assertTrue(miner.commandLine().contains("stratum+tcp://pool.supportxmr.com:3333"));
        assertEquals("FS01\\Administrator", miner.user());
        assertEquals(500, miner.uid(), "the SID's relative id (built-in Administrator), not -1");
        assertEquals(18, s.process(884).orElseThrow().uid(), "SYSTEM is S-1-5-18");
        assertEquals(2458112, miner.rssKb(), "the working set GetProcessMemoryInfo reported");
        assertEquals(189.0, miner.cpuPercent(), 0.5, "1.89 s of CPU over the recorded 1 s window");
        assertEquals(List.of("C:\\Windows\\system32\\svchost.exe", "-k", "netsvcs"), s.process(884).orElseThrow().arguments());
        WindowsFacts facts = WindowsFacts.find(s).orElseThrow();
        assertEquals("high", facts.process(2236).orElseThrow().integrity());
        assertTrue(s.scanner().isPresent(), "ferret's own process is kept apart");
        assertTrue(s.process(5000).isEmpty());
        // System (pid 4) cannot be opened by design: counted, not a gap
        assertEquals(1, s.coverage().counter("processes", "kernel pseudo-processes (not openable by design)"));
        assertTrue(s.process(4).isPresent(), "kept with its name and parent even though it cannot be opened");
    }

    @Test
    void windowsProcessesAreNotCalledHiddenWhenNoListingWasTaken() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        ScanResult result = new ScanResult(null, s, List.of(), WindowsFixture.NOW, WindowsFixture.NOW);
        EcsMapper mapper = new EcsMapper(new ObjectMapper());
        ObjectNode miner = mapper.process(s.process(2236).orElseThrow(), result);
        assertFalse(miner.path("ferret").has("hidden"), "no /proc views on Windows: hidden is unknown, not true");
        assertEquals(2458112, miner.path("ferret").path("rss_kb").asLong());
        assertEquals("500", miner.path("user").path("id").asText());

        s.views(new ProcessViews(Set.of(2236), Set.of(), Set.of(), Set.of(), false));
        assertFalse(mapper.process(s.process(2236).orElseThrow(), result).path("ferret").path("hidden").asBoolean(true));
        assertTrue(mapper.process(s.process(884).orElseThrow(), result).path("ferret").path("hidden").asBoolean(false),
                "with a listing taken, a pid missing from it is still reported hidden");
    }

    @Test
    void cpuShareUsesEachProcesssOwnSampleTimes() {
        assertEquals(50.0, WindowsProcessCollector.cpuPercent(new long[] {0, 0}, new long[] {5_000_000, 1_000_000_000L}),
                1e-9, "0.5 s of CPU in 1 s");
        assertEquals(25.0, WindowsProcessCollector.cpuPercent(new long[] {0, 0}, new long[] {5_000_000, 2_000_000_000L}),
                1e-9, "a process sampled 2 s apart is judged over its own 2 s, not the common window");
        assertTrue(Double.isNaN(WindowsProcessCollector.cpuPercent(null, new long[] {1, 1})));
        assertEquals(-1, WindowsProcessCollector.relativeId(null));
        assertEquals(-1, WindowsProcessCollector.relativeId("garbage"));
        assertEquals(1001, WindowsProcessCollector.relativeId("S-1-5-21-1-2-3-1001"));
    }

    @Test
    void modulesAreJoinedToSignaturesOncePerFile() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        WindowsFacts facts = WindowsFacts.find(s).orElseThrow();
        List<ModuleInfo> svchost = facts.modules(884);
        ModuleInfo dll = svchost.stream().filter(m -> m.path().endsWith("snmpstorsrv.dll")).findFirst().orElseThrow();
        assertEquals(SignatureState.UNSIGNED, dll.signature().state());
        assertEquals(MappingState.MATCHES, dll.mapping());
        ModuleInfo ntdll = svchost.stream().filter(m -> m.path().endsWith("ntdll.dll")).findFirst().orElseThrow();
        assertEquals(SignatureState.CATALOG, ntdll.signature().state());
        assertEquals("Microsoft Windows", ntdll.signature().signer());
        // ntdll is in every process but verified once
        long distinct = facts.files().stream().filter(f -> f.path().toLowerCase().endsWith("\\ntdll.dll")).count();
        assertEquals(1, distinct);
    }

    @Test
    void unexplainedExecutableMemoryIsRecordedWithItsHeader() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        List<ExecRegion> regions = WindowsFacts.find(s).orElseThrow().regions();
        ExecRegion payload = regions.stream().filter(r -> r.pid() == 884).findFirst().orElseThrow();
        assertEquals(0x1f0000, payload.base());
        assertEquals("PRIVATE", payload.type());
        assertEquals("PAGE_EXECUTE_READWRITE", payload.protect());
        assertTrue(payload.headerRead());
        assertTrue(payload.peHeader());
        assertTrue(regions.stream().noneMatch(r -> r.type().equals("IMAGE")), "listed images are judged as modules");
        assertTrue(regions.stream().noneMatch(r -> r.pid() == 5000), "ferret itself is not judged");
    }

    @Test
    void socketsLookLikeTheLinuxOnes() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        SocketInfo pool = s.sockets().stream().filter(x -> x.remote().port() == 3333).findFirst().orElseThrow();
        assertEquals("ESTABLISHED", pool.state());
        assertTrue(pool.connected());
        assertEquals(List.of(2236), pool.pids());
        long smb = s.sockets().stream().filter(x -> x.remote().port() == 445 && x.pids().equals(List.of(884))).count();
        assertEquals(300, smb);
        assertTrue(s.sockets().stream().anyMatch(x -> x.listening() && x.local().port() == 445 && x.family() == 6));
        SocketInfo udp = s.sockets().stream().filter(x -> x.protocol().equals("udp") && x.local().port() == 137)
                .findFirst().orElseThrow();
        assertTrue(udp.listening());
        assertTrue(s.sockets().stream().filter(x -> x.state().equals("TIME_WAIT")).allMatch(x -> x.pids().isEmpty()));
    }

    @Test
    void servicesResolveImagePathsServiceDllsAndSvchostGroups() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        WindowsFacts facts = WindowsFacts.find(s).orElseThrow();
        ServiceInfo snmp = facts.service("snmpstorsrv").orElseThrow();
        assertEquals("C:\\Windows\\System32\\svchost.exe", snmp.binary());
        assertEquals("C:\\Windows\\System32\\snmpstorsrv.dll", snmp.serviceDll());
        assertEquals("netsvcs", snmp.svchostGroup());
        assertEquals(884, snmp.pid());
        assertEquals("RUNNING", snmp.state());
        assertEquals(SignatureState.UNSIGNED, snmp.dllFile().signature().state());
        ServiceInfo srv = facts.service("srv").orElseThrow();
        assertTrue(srv.driver());
        assertEquals("C:\\Windows\\System32\\DRIVERS\\srv.sys", srv.binary(), "driver paths resolve under SystemRoot");
        assertTrue(facts.service("Tcpip").isEmpty(), "keys without a Type are not services");
        assertTrue(facts.svchostGroup("NETSVCS").orElseThrow().contains("Snmpstorsrv"));
        PersistenceEntry svcupd = s.persistence().stream().filter(e -> e.path().endsWith("\\svcupd")).findFirst()
                .orElseThrow();
        assertEquals("service", svcupd.kind());
        assertEquals(List.of("C:\\Windows\\Temp\\svcupd.exe"), svcupd.references(), "%SystemRoot%\\Temp expanded");
    }

    @Test
    void runKeysExpandWithTheOwnersEnvironment() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        PersistenceEntry run = s.persistence().stream().filter(e -> e.kind().equals("run-key")
                && e.path().endsWith("\\Run\\TrustedHost")).findFirst().orElseThrow();
        assertEquals("%TEMP%\\TrustedHostex.exe", run.command());
        assertEquals(List.of("C:\\Users\\Administrator\\AppData\\Local\\Temp\\TrustedHostex.exe"), run.references(),
                "%TEMP% is the Administrator's temp directory, from the profile and the hive's Environment key");
        assertEquals("Administrator", run.user());
        var source = WindowsFacts.find(s).orElseThrow().persistenceSource(run).orElseThrow();
        assertEquals("TrustedHost", source.valueName());
        assertTrue(source.key().startsWith("HKU\\S-1-5-21-"));
        PersistenceEntry vmware = s.persistence().stream().filter(e -> e.path().endsWith("VMware User Process"))
                .findFirst().orElseThrow();
        assertEquals(List.of("C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"), vmware.references());
        assertTrue(s.persistence().stream().anyMatch(e -> e.kind().equals("winlogon") && e.path().endsWith("Userinit")));
    }

    @Test
    void tasksAreReadFromTheUtf16TaskStore() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        PersistenceEntry task = s.persistence().stream().filter(e -> e.kind().equals("scheduled-task")).findFirst()
                .orElseThrow();
        assertEquals("C:\\Windows\\System32\\Tasks\\Microsoft\\Windows\\Defrag\\ScheduledDefrag", task.path());
        assertEquals("S-1-5-18", task.user());
        assertEquals(List.of("C:\\Windows\\system32\\defrag.exe"), task.references());
        assertEquals("\\Microsoft\\Windows\\Defrag\\ScheduledDefrag",
                WindowsFacts.find(s).orElseThrow().persistenceSource(task).orElseThrow().name());
    }

    @Test
    void smbExposureFactsAreCollected() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        SmbState smb = WindowsFacts.find(s).orElseThrow().smb().orElseThrow();
        assertEquals("6.1.7601", smb.os().buildKey());
        assertTrue(smb.os().server());
        assertEquals("6.1.7601.17514", smb.srvSysVersion());
        assertEquals(Boolean.TRUE, smb.smb1Enabled());
        assertFalse(smb.profiles().stream().filter(p -> p.name().equals("Domain")).findFirst().orElseThrow().enabled());
        assertEquals(1, smb.rules().size(), "the active SMB-In rule; the inactive NetBIOS one and RDP are left out");
        assertEquals(dev.ferret.model.windows.ProbeResult.State.CLEAN, smb.doublePulsar().state());
        assertNotNull(smb.smb1Evidence());
    }

    @Test
    void accessDeniedProcessesAndModuleListsAreCountedInCoverage() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk, j -> {
            j.with("details").putObject("1100").put("error", 5);
            j.with("modules").putObject("1400").put("error", 5);
            j.with("details").putObject("2400").put("error", 87);
        }));
        assertTrue(s.coverage().hasGap("processes", "process not openable (access denied or protected process)"));
        assertTrue(s.coverage().hasGap("processes", "modules not listable (access denied)"));
        assertEquals(1, s.coverage().counter("processes", "vanished during scan"));
        ProcessInfo spooler = s.process(1100).orElseThrow();
        assertEquals("spoolsv.exe", spooler.name());
        assertEquals(null, spooler.executable());
    }
}
