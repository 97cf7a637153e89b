package dev.ferret.data.rules;

import dev.ferret.scan.Area;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a rules folder can be wrong fails loading with one line that names the file, the rule and the problem. */
class RuleBookReaderTest {
    private static final String GOOD = """
            rules:
              - id: test.one
                detector: test.detector
                title: "One"
                description: "A rule for the loader tests."
                areas: [processes, network]
                attack:
                  tactics: [impact]
                  techniques:
                    resource-hijacking: {id: T1496, name: "Resource Hijacking"}
                weights:
                  strong: {value: 80, meaning: "a strong reason"}
                thresholds:
                  share: {value: 0.35, meaning: "a share"}
                response: "Do something."
            """;

    @TempDir
    Path dir;

    private RuleCatalogException failure(String yaml) throws IOException {
        Files.writeString(dir.resolve("test.yaml"), yaml);
        RuleCatalogException e = assertThrows(RuleCatalogException.class, () -> RuleBook.read(dir));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains("test.yaml"), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void aGoodFileLoadsWithTypedAreasAndNumbers() throws IOException {
        Files.writeString(dir.resolve("test.yaml"), GOOD);
        RuleBook book = RuleBook.read(dir);
        Rule r = book.rule("test.one");
        assertEquals(Set.of(Area.PROCESSES, Area.NETWORK), r.areas());
        assertEquals(80, r.weight("strong"));
        assertEquals(0.35, r.threshold("share"));
        assertEquals("T1496", r.technique("resource-hijacking"));
        assertEquals(List.of("impact"), r.tactics());
        assertEquals(Set.of(Area.PROCESSES, Area.NETWORK), book.areasOf("test.detector"));
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> r.weight("weak"));
        assertTrue(unknown.getMessage().contains("test.one") && unknown.getMessage().contains("weak"));
    }

    @Test
    void unknownKey() throws IOException {
        RuleCatalogException e = failure(GOOD.replace("    response:", "    reponse: \"typo\"\n    response:"));
        assertTrue(e.getMessage().contains("unknown key 'reponse'"), e.getMessage());
    }

    @Test
    void unknownKeyInsideAWeight() throws IOException {
        RuleCatalogException e = failure(GOOD.replace("meaning: \"a strong reason\"", "meaning: \"a strong reason\", max: 3"));
        assertTrue(e.getMessage().contains("unknown key 'max'"), e.getMessage());
    }

    @Test
    void missingKey() throws IOException {
        RuleCatalogException e = failure(GOOD.replace("    description: \"A rule for the loader tests.\"\n", ""));
        assertTrue(e.getMessage().contains("missing key 'description'"), e.getMessage());
    }

    @Test
    void missingMeaning() throws IOException {
        RuleCatalogException e = failure(GOOD.replace(", meaning: \"a share\"", ""));
        assertTrue(e.getMessage().contains("'meaning'"), e.getMessage());
    }

    @Test
    void emptyValue() throws IOException {
        RuleCatalogException e = failure(GOOD.replace("title: \"One\"", "title: \"\""));
        assertTrue(e.getMessage().contains("rule test.one") && e.getMessage().contains("'title' is empty"), e.getMessage());
    }

    @Test
    void unknownArea() throws IOException {
        RuleCatalogException e = failure(GOOD.replace("[processes, network]", "[processes, netwrk]"));
        assertTrue(e.getMessage().contains("unknown area 'netwrk'"), e.getMessage());
    }

    @Test
    void badTechniqueIdAndUnknownTactic() throws IOException {
        assertTrue(failure(GOOD.replace("T1496", "1496")).getMessage().contains("ATT&CK id"));
        assertTrue(failure(GOOD.replace("[impact]", "[impakt]")).getMessage().contains("unknown ATT&CK tactic 'impakt'"));
    }

    @Test
    void weightOutOfRange() throws IOException {
        assertTrue(failure(GOOD.replace("value: 80", "value: 180")).getMessage().contains("whole numbers from 0 to 100"));
        assertTrue(failure(GOOD.replace("value: 80", "value: 80.5")).getMessage().contains("whole numbers from 0 to 100"));
    }

    @Test
    void duplicateRuleIdAndDuplicateKey() throws IOException {
        Files.writeString(dir.resolve("other.yaml"), GOOD);
        assertTrue(failure(GOOD).getMessage().contains("declared twice"));
        Files.delete(dir.resolve("other.yaml"));
        assertTrue(failure(GOOD.replace("    response:", "    title: \"Again\"\n    response:")).getMessage()
                .contains("title"));
    }

    @Test
    void notYaml() throws IOException {
        assertTrue(failure("rules: [ {id: test.one\n").getMessage().contains("test.yaml"));
    }

    @Test
    void ruleWithoutDetectorAndDetectorWithoutRule() throws IOException {
        Files.writeString(dir.resolve("test.yaml"), GOOD);
        RuleBook book = RuleBook.read(dir);
        book.checkDetectors(List.of("test.detector"));
        RuleCatalogException noDetector = assertThrows(RuleCatalogException.class,
                () -> book.checkDetectors(List.of("other.detector", "test.detectr")));
        assertTrue(noDetector.getMessage().contains("rule test.one names detector 'test.detector', which does not exist"),
                noDetector.getMessage());
        assertTrue(noDetector.getMessage().contains("detector other.detector has no rule declaration"),
                noDetector.getMessage());
    }

    @Test
    void emptyOrMissingFolder() {
        assertThrows(RuleCatalogException.class, () -> RuleBook.read(dir));
        assertThrows(RuleCatalogException.class, () -> RuleBook.read(dir.resolve("absent")));
    }

    @Test
    void theShippedDeclarationsLoad() {
        RuleBook book = RuleBook.builtIn();
        assertTrue(book.all().size() >= 60, "rule ids declared: " + book.all().size());
        for (Rule r : book.all()) {
            assertFalse(r.areas().isEmpty(), r.id());
        }
    }
}
