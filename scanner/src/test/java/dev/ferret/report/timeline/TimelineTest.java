package dev.ferret.report.timeline;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.collect.linux.access.AccessFixture;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.collect.linux.persistence.LinuxPersistenceCollectors;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.persistence.PersistenceDetectors;
import dev.ferret.detect.process.MinerCommandLineDetector;
import dev.ferret.model.Coverage;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.scan.ChainLinker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Findings of the access area and of the triage detectors on one time axis. */
class TimelineTest {
    private static final Instant T = Instant.parse("2024-03-10T10:00:00Z");

    @TempDir
    Path root;

    private static ProcessInfo miner(int pid, Instant started) {
        return new ProcessInfo(pid, 1, "kswapd0", "/root/.bashtemp/kswapd0", false, false,
                List.of("/root/.bashtemp/kswapd0", "-o", "stratum+tcp://pool.supportxmr.com:3333", "--donate-level", "1"),
                "/root/.bashtemp", 0, "root", started, 380.0, 4, 200_000, Map.of(), List.of(), List.of());
    }

    @Test
    void aSyntheticIntrusionReadsInOrder() {
        Snapshot s = new Snapshot(root, true, new Coverage());
        s.addProcesses(List.of(miner(4242, T.plusSeconds(540))));
        Finding.Builder brute = Finding.builder("linux.access.brute-force-success", "Login after brute force")
                .reason("the guessing succeeded", 85);
        EventTimes.add(brute, T.minusSeconds(7200), "first of 300 failed logins from 203.0.113.50");
        EventTimes.add(brute, T.plusSeconds(331), "root logged in from 203.0.113.50");
        Finding key = Finding.builder("linux.access.ssh-key-added", "SSH key added")
                .file(new FileRef("/root/.ssh/authorized_keys", null, T.plusSeconds(432), null, null))
                .persistence(new PersistenceEntry("ssh-key", "/root/.ssh/authorized_keys", 0, "root", "2 keys",
                        T.plusSeconds(432), List.of()))
                .reason("changed", 80).build();
        Finding cron = Finding.builder("linux.persistence.download-exec", "Cron downloads and runs")
                .persistence(new PersistenceEntry("cron", "/var/spool/cron/crontabs/root", 1, "root",
                        AccessScenarios.CRON_LINE, T.plusSeconds(485), List.of()))
                .reason("curl | sh", 85).build();
        Finding dropped = Finding.builder("file.hidden-executable", "Hidden executable")
                .file(new FileRef("/root/.bashtemp/kswapd0", 32L, T.plusSeconds(511), null, null))
                .reason("ELF in a hidden dir", 60).build();
        Finding minerProcess = Finding.builder("process.miner-command-line", "Miner command line")
                .process(ProcessRef.of(miner(4242, null))).reason("stratum", 90).build();
        Finding undated = Finding.builder("linux.access.exposed-service", "MySQL reachable").reason("0.0.0.0:3306", 55).build();
        Finding low = Finding.builder("linux.access.ssh-key-duplicate", "dup").file(new FileRef("/x", null, T, null, null))
                .reason("dup", 25).build();
        // shuffled, and linked into chains as the engine does
        List<Finding> findings = ChainLinker.link(new ArrayList<>(List.of(minerProcess, undated, cron, low, key, dropped,
                brute.build())));

        Timeline t = Timeline.of(findings, s);
        List<String> order = t.entries().stream().map(e -> e.finding().ruleId() + " " + e.kind()).toList();
        assertEquals(List.of(
                "linux.access.brute-force-success EVENT",
                "linux.access.ssh-key-duplicate FILE_MODIFIED",
                "linux.access.brute-force-success EVENT",
                "linux.access.ssh-key-added FILE_MODIFIED",
                "linux.persistence.download-exec PERSISTENCE_CHANGED",
                "file.hidden-executable FILE_MODIFIED",
                "process.miner-command-line PROCESS_STARTED"), order, "the key's file and persistence times are one moment");
        assertEquals("root logged in from 203.0.113.50", t.entries().get(2).what());
        assertEquals("process 4242 (kswapd0) started", t.entries().get(6).what());
        assertEquals(List.of(undated.ruleId()), t.undated().stream().map(Finding::ruleId).toList());

        Timeline high = t.atLeast(Severity.MEDIUM);
        assertTrue(high.entries().stream().noneMatch(e -> e.finding().ruleId().equals("linux.access.ssh-key-duplicate")));
        assertEquals(List.of("linux.access.brute-force-success", "linux.access.ssh-key-added",
                "linux.persistence.download-exec", "file.hidden-executable", "process.miner-command-line",
                "linux.access.exposed-service"), high.findingsInOrder().stream().map(Finding::ruleId).toList());

        List<String> text = TimelineText.lines(high, ZoneOffset.UTC);
        assertTrue(text.get(0).startsWith("2024-03-10 08:00:00Z  high      linux.access.brute-force-success"), text.get(0));
        assertTrue(text.get(0).contains("first of 300 failed logins from 203.0.113.50  [c"), text.get(0));
        assertTrue(text.get(text.size() - 1).startsWith("(time unknown)"), text.toString());
        assertEquals(2, high.between(T.plusSeconds(400), T.plusSeconds(490)).size());
    }

    @Test
    void withoutASnapshotProcessesAreUndated() {
        Finding p = Finding.builder("process.miner-command-line", "Miner").process(ProcessRef.pidOnly(7)).reason("x", 90)
                .build();
        Timeline t = Timeline.of(List.of(p), null);
        assertTrue(t.entries().isEmpty());
        assertEquals(1, t.undated().size());
    }

    /**
     * Case 3 end to end: the access collectors and detectors, the persistence collectors and detectors and the miner
     * command-line detector over one fixture host; the timeline tells brute force → login → key added → cron →
     * binary dropped → miner started.
     */
    @Test
    void caseThreeAcrossTheAreasTellsTheStoryInOrder() {
        AccessFixture f = AccessScenarios.intrusion(new AccessFixture(root));
        Snapshot s = f.collect();
        for (Collector c : LinuxPersistenceCollectors.all()) {
            c.collect(s, CollectOptions.defaults());
        }
        s.addProcesses(List.of(miner(4242, AccessScenarios.MINER_STARTED)));
        Clock clock = Clock.fixed(Instant.parse("2024-04-02T10:00:00Z"), ZoneOffset.UTC);
        DetectorContext context = AccessFixture.context(clock);
        List<Finding> triage = new ArrayList<>();
        for (Detector d : PersistenceDetectors.all()) {
            triage.addAll(d.detect(s, context));
        }
        triage.addAll(new MinerCommandLineDetector().detect(s, context));
        List<Finding> all = new ArrayList<>(triage);
        all.addAll(AccessFixture.detect(s, clock, triage));

        Timeline timeline = Timeline.of(ChainLinker.link(all), s);
        List<Timeline.Entry> entries = timeline.entries();
        String dump = String.join("\n", TimelineText.lines(timeline, ZoneOffset.UTC));
        int bruteForce = index(entries, e -> e.finding().ruleId().equals("linux.access.brute-force-success")
                && e.what().startsWith("first of"), dump);
        int login = index(entries, e -> e.finding().ruleId().equals("linux.access.brute-force-success")
                && e.what().startsWith("root logged in"), dump);
        int key = index(entries, e -> e.finding().ruleId().equals("linux.access.ssh-key-added")
                && e.time().equals(AccessScenarios.KEY_ADDED), dump);
        int cron = index(entries, e -> e.kind() == Timeline.Kind.PERSISTENCE_CHANGED
                && e.finding().persistence().path().equals("/var/spool/cron/crontabs/root"), dump);
        int dropped = index(entries, e -> e.time().equals(AccessScenarios.MINER_DROPPED) && e.finding().file() != null
                && e.finding().file().path().equals("/root/.bashtemp/kswapd0"), dump);
        int started = index(entries, e -> e.kind() == Timeline.Kind.PROCESS_STARTED && e.finding().process().pid() == 4242, dump);
        assertTrue(bruteForce < login && login < key && key < cron && cron < dropped && dropped < started,
                bruteForce + " " + login + " " + key + " " + cron + " " + dropped + " " + started + "\n" + dump);
        assertEquals(AccessScenarios.ROOT_LOGIN, entries.get(login).time());
        assertEquals(AccessScenarios.CRON_WRITTEN, entries.get(cron).time());
        assertEquals(AccessScenarios.MINER_DROPPED, entries.get(dropped).time());
        assertEquals(AccessScenarios.MINER_STARTED, entries.get(started).time());
    }

    private static int index(List<Timeline.Entry> entries, Predicate<Timeline.Entry> p, String dump) {
        for (int i = 0; i < entries.size(); i++) {
            if (p.test(entries.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such entry in the timeline:\n" + dump);
    }
}
