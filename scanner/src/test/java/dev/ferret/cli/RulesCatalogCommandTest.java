package dev.ferret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.data.rules.RuleBook;
import dev.ferret.data.rules.RuleCatalogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferret rules list} and {@code ferret rules verify DIR}, and the README table generated from the catalogue. */
class RulesCatalogCommandTest {
    /** The shipped declarations, as files (the module's working directory is scanner/). */
    static final Path SHIPPED = Path.of("..", "signatures", "src", "main", "resources", "ferret", "signatures", "rules");
    private static final String BEGIN = "<!-- rules:begin (generated: ferret rules list --format markdown) -->\n";
    private static final String END = "<!-- rules:end -->";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listPrintsEveryRuleWithAreasAndTechniques() {
        Run r = run("rules", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("linux.hidden-process  [processes]  T1014, T1564, T1574.006, T1496\n"), r.out());
        assertEquals(RuleBook.builtIn().all().size(), r.out().lines().filter(l -> !l.startsWith(" ")).count());
    }

    @Test
    void listAsJsonLinesHoldsEveryDeclaredField() throws IOException {
        Run r = run("rules", "list", "--format", "jsonl");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(RuleBook.builtIn().all().size(), lines.size());
        JsonNode hidden = null;
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("id").asText().equals("linux.hidden-process")) {
                hidden = n;
            }
        }
        assertTrue(hidden != null, r.out());
        assertEquals("processes", hidden.at("/areas/0").asText());
        assertEquals("Rootkit", hidden.at("/techniques/0/name").asText());
        assertEquals(85, hidden.at("/weights/missing-from-readdir/value").asInt());
        assertFalse(hidden.at("/weights/missing-from-readdir/meaning").asText().isBlank());
    }

    @Test
    void anUnknownFormatIsBadInput() {
        Run r = run("rules", "list", "--format", "xml");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void verifyAcceptsTheShippedFolder() {
        Run r = run("rules", "verify", SHIPPED.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(RuleBook.builtIn().all().size() + " rules"), r.out());
    }

    @Test
    void verifyRefusesABrokenFolderWithOneLine() throws IOException {
        copyShipped();
        Path hidden = dir.resolve("hidden.yaml");
        Files.writeString(hidden, Files.readString(hidden).replaceFirst("    areas: \\[processes\\]", "    areas: [processes]\n    severity: high"));
        Run r = run("rules", "verify", dir.toString());
        assertEquals(2, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("hidden.yaml") && r.err().contains("unknown key 'severity'"), r.err());
    }

    @Test
    void verifyRefusesARuleWithoutDetectorAndADetectorWithoutRule() throws IOException {
        copyShipped();
        Path network = dir.resolve("network.yaml");
        Files.writeString(network, Files.readString(network).replace("detector: network.pool-connection",
                "detector: network.pool-connections"));
        Run r = run("rules", "verify", dir.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("names detector 'network.pool-connections', which does not exist"), r.err());
        assertTrue(r.err().contains("detector network.pool-connection has no rule declaration"), r.err());
        assertEquals(2, run("rules", "verify", dir.resolve("absent").toString()).code());
    }

    @Test
    void readmeTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the generated rules block " + BEGIN.strip());
        String table = readme.substring(begin + BEGIN.length(), end);
        assertEquals(RuleCatalogFormat.markdown(RuleBook.builtIn().all()), table,
                "README's rule table is stale: replace it with the output of 'ferret rules list --format markdown'");
    }

    private void copyShipped() throws IOException {
        try (var s = Files.list(SHIPPED)) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
    }
}
