package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thousand and more processes born and dying while ferret looks: the cross-view checks (readdir vs
 * getdents vs kill(0) probing, socket owners, CPU accounting) must re-check before they accuse, so churn
 * gives no finding about any process at all.
 */
class ProcessChurnIT {
    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void shortLivedProcessesGiveNoFalseFindings() {
        Namespace.require("ip");
        ScriptResult run = Namespace.run(work, "process-churn.sh", Map.of(), Duration.ofSeconds(240)).succeeded();
        int churned = Integer.parseInt(run.fact("CHURNED"));
        Report report = run.ferret().report();
        System.out.printf("[ProcessChurnIT] %d processes born and gone during the scan, %d findings%n",
                churned, report.findings().size());
        Requirements.plantWorked(churned >= 1000,
                "only " + churned + " processes churned during the scan: this host is too slow to test churn");
        List<JsonNode> aboutProcesses = report.findings().stream()
                .filter(f -> f.at("/process/pid").isNumber() || Report.ruleId(f).startsWith("linux.hidden"))
                .toList();
        assertTrue(aboutProcesses.isEmpty(), "churn gave findings:\n" + Report.describe(aboutProcesses));
    }
}
