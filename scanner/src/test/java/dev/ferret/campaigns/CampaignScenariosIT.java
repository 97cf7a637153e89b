package dev.ferret.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One scenario per real campaign: its install planted in a root tree, scanned with {@code ferret scan --root},
 * recall = planted artefacts some finding names / planted, printed per campaign and asserted on the core
 * artefacts (what makes the campaign run and come back).
 */
class CampaignScenariosIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void kinsingH2Miner() throws Exception {
        scenario("Kinsing/H2Miner", Campaigns::kinsing, 1.0);
    }

    @Test
    void teamTnt() throws Exception {
        scenario("TeamTNT", Campaigns::teamTnt, 1.0);
    }

    @Test
    void watchDog() throws Exception {
        scenario("WatchDog", Campaigns::watchDog, 1.0);
    }

    @Test
    void rocke8220() throws Exception {
        scenario("Rocke/8220", Campaigns::rocke, 1.0);
    }

    @Test
    void sysrvHello() throws Exception {
        scenario("Sysrv-hello", Campaigns::sysrv, 1.0);
    }

    @Test
    void outlaw() throws Exception {
        // its miner sits in a hidden folder of a user's home (.configrc) under a kernel thread's name
        scenario("Outlaw", Campaigns::outlaw, 1.0);
    }

    @Test
    void systemdMiner() throws Exception {
        scenario("SystemdMiner", Campaigns::systemdMiner, 1.0);
    }

    private void scenario(String name, Function<Path, CampaignTree> install, double coreFloor) throws Exception {
        CampaignTree tree = install.apply(Files.createDirectories(work.resolve("root")));
        List<JsonNode> findings = scan(tree.root());
        int found = 0;
        int core = 0;
        int coreFound = 0;
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, Boolean> artefact : tree.planted().entrySet()) {
            // found = named by a finding of at least medium severity (a low note is not a lead a responder follows)
            boolean seen = findings.stream().filter(f -> !"low".equals(f.at("/ferret/severity").asText())
                    && !"info".equals(f.at("/ferret/severity").asText())).anyMatch(f -> names(f, artefact.getKey()));
            found += seen ? 1 : 0;
            if (artefact.getValue()) {
                core++;
                coreFound += seen ? 1 : 0;
            }
            System.out.printf("[campaign] %-16s   %s <- %s%n", name, artefact.getKey(), findings.stream()
                    .filter(f -> names(f, artefact.getKey()))
                    .map(f -> f.at("/rule/id").asText() + ":" + f.at("/ferret/severity").asText()
                            + (f.at("/ferret/yara/rules").isMissingNode() ? "" : f.at("/ferret/yara/rules").toString()))
                    .distinct().toList());
            if (!seen) {
                missed.add(artefact.getKey() + (artefact.getValue() ? " (core)" : ""));
            }
        }
        int planted = tree.planted().size();
        System.out.printf("[campaign] %-16s recall %d/%d = %.2f, core %d/%d = %.2f, findings %d, missed %s%n",
                name, found, planted, (double) found / planted, coreFound, core, (double) coreFound / core,
                findings.size(), missed);
        assertTrue((double) coreFound / core >= coreFloor,
                name + ": core recall " + coreFound + "/" + core + " below " + coreFloor + "; missed " + missed);
    }

    /** A finding names a planted artefact in its file, persistence or any other field (host paths). */
    private static boolean names(JsonNode finding, String hostPath) {
        return finding.toString().contains("\"" + hostPath + "\"") || finding.toString().contains(hostPath + " ")
                || finding.toString().contains(hostPath + "\\n") || finding.toString().contains(hostPath + ":")
                || finding.toString().contains(hostPath + ")") || finding.toString().contains(hostPath + ",");
    }

    private List<JsonNode> scan(Path root) throws Exception {
        Path out = Files.createTempFile(work, "ferret-", ".jsonl");
        Path err = Files.createTempFile(work, "ferret-", ".err");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.ferret.cli.Main", "scan", "--format", "jsonl",
                "--no-facts", "--root", root.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "ferret scan did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, p.exitValue(), "exit status (1 = findings): " + Files.readString(err, StandardCharsets.UTF_8));
        List<JsonNode> findings = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                if ("alert".equals(n.at("/event/kind").asText())) {
                    findings.add(n);
                }
            }
        }
        return findings;
    }
}
