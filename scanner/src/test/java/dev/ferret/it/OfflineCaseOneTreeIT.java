package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferret scan --root}: case 1 on a disk image (a plain directory tree, no namespaces needed).
 * The hidden binary is found by place, its innocently named copy only by hash; the scan must describe the
 * image, never the machine it runs on.
 */
class OfflineCaseOneTreeIT {
    // JUnit's default temp dir, not target/: ferret leaves its own build directory out of the signature sweep
    @TempDir
    Path work;

    @Test
    void caseOneOnDiskIsFoundAndNothingOfTheLiveHostLeaksIn() throws Exception {
        LinuxTree tree = new LinuxTree(Files.createDirectories(work.resolve("image")));
        String md5 = CaseOneTree.write(tree, Path.of("/bin/true").toRealPath());

        FerretRun run = Ferret.run(work, "scan", "--format", "jsonl", "--no-facts", "--root", tree.root().toString());
        Report report = run.report();
        System.out.println("[OfflineCaseOneTreeIT] findings:\n" + report.describe());
        assertEquals(1, run.exitCode(), run.toString());

        JsonNode hidden = report.require("file.hidden-executable", "for /usr/lib/mysql/.sh",
                f -> "/usr/lib/mysql/.sh".equals(f.at("/file/path").asText()));
        assertEquals(md5, hidden.at("/file/hash/md5").asText(), Report.summary(hidden));

        JsonNode copy = report.require("file.same-file-copies", "for the innocently named " + CaseOneTree.INNOCENT_COPY,
                f -> CaseOneTree.INNOCENT_COPY.equals(f.at("/file/path").asText()));
        assertEquals(md5, copy.at("/file/hash/md5").asText(), Report.summary(copy));
        assertTrue(Report.reasons(copy).stream().anyMatch(r -> r.contains(md5)), Report.summary(copy));

        report.require("file.miner-config", "for " + CaseOneTree.MINER_CONFIG,
                f -> CaseOneTree.MINER_CONFIG.equals(f.at("/file/path").asText()));

        // every copy of the hash is reported under some rule: the responder deletes them all
        for (String path : CaseOneTree.MALWARE_COPIES) {
            assertTrue(report.findings().stream().anyMatch(f -> path.equals(f.at("/file/path").asText())),
                    "no finding names " + path + "\n" + report.describe());
        }

        if (PersistenceRules.available()) {
            // conditional: only once the persistence collectors and detectors are in the scan catalog
            List<JsonNode> persistence = report.findingsWithRulePrefix(PersistenceRules.PREFIX);
            for (String holder : List.of(CaseOneTree.CRON_SPOOL, "/etc/profile.d/php.sh",
                    "/etc/.supervisor/conf.d/123.conf")) {
                assertTrue(persistence.stream().anyMatch(f -> Report.text(f).contains(holder)),
                        "expected a linux.persistence* finding about " + holder + "\n" + report.describe());
            }
            JsonNode ddg = persistence.stream()
                    .filter(f -> CaseOneTree.CRON_SPOOL.equals(f.at("/ferret/persistence/path").asText())
                            && f.at("/ferret/persistence/line").asInt() == 1)
                    .findFirst().orElseThrow(() -> new AssertionError("no finding for the DDG curl line (line 1 of "
                            + CaseOneTree.CRON_SPOOL + ")\n" + report.describe()));
            assertTrue(Report.atLeastHigh(ddg), Report.summary(ddg));
        }

        // the image, not this machine
        JsonNode state = report.state();
        assertEquals(tree.root().toAbsolutePath().normalize().toString(), state.at("/ferret/scan/root").asText());
        assertFalse(state.at("/ferret/scan/live").asBoolean(true), "an offline scan is not live");
        for (JsonNode record : report.records()) {
            assertEquals(CaseOneTree.HOSTNAME, record.at("/host/name").asText(),
                    "host.name must come from the image's /etc/hostname: " + record);
            assertEquals("CentOS Linux 7 (Core)", record.at("/host/os/name").asText(), record.toString());
        }
        for (JsonNode f : report.findings()) {
            assertTrue(f.at("/process").isMissingNode(), "no process exists in an image: " + Report.summary(f));
            for (String pointer : List.of("/file/path", "/ferret/persistence/path")) {
                if (f.at(pointer).isTextual()) {
                    String path = f.at(pointer).asText();
                    assertTrue(Files.exists(tree.path(path), LinkOption.NOFOLLOW_LINKS),
                            pointer + " " + path + " is not in the image: " + Report.summary(f));
                }
            }
        }
        assertTrue(report.gaps().stream().anyMatch(g -> g.at("/area").asText().equals("processes")
                        && g.at("/reason").asText().contains("needs the running system")),
                "the state must say processes were not examined offline\n" + report.describe());
    }
    /**
     * The case's names are IOCs in the shipped data; the same story with new names must still be found by
     * place (a dot-named ELF in a system library dir) and then, by hash, every copy wherever it is.
     */
    @Test
    void renamedCopiesAreFoundByPlaceAndHashNotByName() throws Exception {
        LinuxTree tree = new LinuxTree(Files.createDirectories(work.resolve("renamed")));
        tree.identity("renamed-db02", "Debian GNU/Linux 12");
        Path elf = Path.of("/bin/true").toRealPath();
        String md5 = LinuxTree.md5(elf);
        tree.copyOf(elf, "/usr/lib/postgresql/.pg-helper", "rwxr-xr-x");
        tree.copyOf(elf, "/usr/local/bin/dbhealth", "rwxr-xr-x");
        tree.copyOf(elf, "/opt/backup/agent", "rwxr-xr-x");

        FerretRun run = Ferret.run(work, "scan", "--format", "jsonl", "--no-facts", "--root", tree.root().toString());
        Report report = run.report();
        System.out.println("[OfflineCaseOneTreeIT] renamed copies:\n" + report.describe());
        report.require("file.hidden-executable", "for /usr/lib/postgresql/.pg-helper",
                f -> "/usr/lib/postgresql/.pg-helper".equals(f.at("/file/path").asText()) && Report.atLeastHigh(f));
        for (String copy : List.of("/usr/local/bin/dbhealth", "/opt/backup/agent")) {
            JsonNode f = report.require("file.same-file-copies", "for " + copy,
                    x -> copy.equals(x.at("/file/path").asText()));
            assertEquals(md5, f.at("/file/hash/md5").asText(), Report.summary(f));
        }
        assertEquals(1, run.exitCode(), run.toString());
    }
}
