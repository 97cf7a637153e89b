package dev.ferret.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The respond and undo command lines, in process. Nothing here applies anything to the host: plans come from
 * reports of another (or a Windows) host, and the --apply cases stop at their checks.
 */
class RespondCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run ferret(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Path elsewhereReport() throws Exception {
        return ReportFindingsTest.report(dir, "elsewhere-host-7", "linux", true, "/", List.of(ReportFindingsTest.miner()));
    }

    @Test
    void applyWithoutAStoreIsBadUsage() throws Exception {
        Run r = ferret("respond", "--report", elsewhereReport().toString(), "--apply", "--yes");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--apply needs --store DIR"), r.err());
    }

    @Test
    void unknownStepKindsAndAreasAreBadUsage() throws Exception {
        Run r = ferret("respond", "--report", elsewhereReport().toString(), "--only", "suspend,nuke");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown step kind 'nuke'"), r.err());
        Run s = ferret("respond", "--scan", "sweep");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("--scan: unknown area 'sweep'"), s.err());
        Run m = ferret("respond", "--report", dir.resolve("missing.jsonl").toString());
        assertEquals(2, m.code());
    }

    @Test
    void aReportFromAnotherHostIsPlannedButItsProcessStepsAreRefused() throws Exception {
        Run r = ferret("respond", "--report", elsewhereReport().toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("ferret response plan for elsewhere-host-7 (linux, live)"), r.out());
        assertTrue(r.out().contains("REFUSED: the report is from host elsewhere-host-7"), r.out());
        assertFalse(r.out().contains("$ kill -STOP 101"), "a refused step prints no command: " + r.out());
        assertTrue(r.out().contains("the findings are from host elsewhere-host-7"), r.out());

        Run json = ferret("respond", "--report", elsewhereReport().toString(), "--format", "json");
        assertEquals(1, json.code());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        JsonNode steps = doc.at("/plan/steps");
        assertTrue(steps.size() > 0);
        assertEquals("suspend", steps.get(0).path("kind").asText());
        assertTrue(steps.get(0).path("refused").asBoolean());
        assertEquals("signal", steps.get(0).at("/action/type").asText());
        assertEquals(101, steps.get(0).at("/action/process/pid").asInt());
    }

    @Test
    void aWindowsReportIsPrintedWithPowerShellAndNeverApplied() throws Exception {
        Finding f = new Finding("process.miner-command-line", "Miner", List.of(), List.of(), 92,
                List.of(new Reason("pool", 85)), new ProcessRef(4321, 1, "TrustedHostex.exe",
                "C:\\Windows\\Temp\\TrustedHostex.exe", "TrustedHostex.exe"), FileRef.of("C:\\Windows\\Temp\\TrustedHostex.exe"),
                null, new Endpoint("163.172.226.120", 443), null, List.of(), "c1");
        Path report = ReportFindingsTest.report(dir, "WIN-SRV01", "windows", true, "C:\\", List.of(f));
        Run plan = ferret("respond", "--report", report.toString());
        assertEquals(1, plan.code(), plan.toString());
        assertTrue(plan.out().contains("(windows, live)"), plan.out());
        assertTrue(plan.out().contains("PS> Stop-Process -Id 4321 -Force"), plan.out());
        Run apply = ferret("respond", "--report", report.toString(), "--apply", "--yes", "--store",
                dir.resolve("store").toString());
        assertEquals(2, apply.code(), apply.toString());
        assertTrue(apply.err().contains("plan for a Windows host"), apply.err());
        assertFalse(Files.exists(dir.resolve("store")), "nothing written");
    }

    @Test
    void anOfflineReportNeedsTheImageAndAnEmptyReportNeedsNothing() throws Exception {
        Path offline = ReportFindingsTest.report(dir, "img", "linux", false, "/mnt/image", List.of(new Finding(
                "linux.persistence.download-exec", "x", List.of(), List.of(), 85, List.of(new Reason("r", 85)), null, null,
                null, null, new PersistenceEntry("cron", "/etc/cron.d/x", 1, "root", "curl a | sh", null, List.of()),
                List.of(), "c1")));
        Run r = ferret("respond", "--report", offline.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("give --root"), r.err());
        Run withRoot = ferret("respond", "--report", offline.toString(), "--root", dir.toString());
        assertEquals(0, withRoot.code(), withRoot.toString());
        assertTrue(withRoot.out().contains("offline image"), withRoot.out());

        Path empty = ReportFindingsTest.report(dir, "clean", "linux", true, "/", List.of());
        Run clean = ferret("respond", "--report", empty.toString());
        assertEquals(0, clean.code());
        assertTrue(clean.out().contains("Nothing to do."), clean.out());
    }

    @Test
    void undoRefusesWhatIsNotAStore() {
        Run r = ferret("undo", "--store", dir.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is not a ferret store"), r.err());
        Run missing = ferret("undo");
        assertEquals(2, missing.code());
    }
}
