package dev.ferret.signatures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped content is consistent: the rule index lists exactly the rule files, data files parse. */
class ContentIndexTest {
    private static final Path BASE = Path.of("src/main/resources/ferret/signatures");

    @Test
    void yaraIndexNamesEveryRuleFileOnce() throws IOException {
        List<String> indexed = Files.readAllLines(BASE.resolve("yara/index.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> files;
        try (Stream<Path> s = Files.list(BASE.resolve("yara"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yar")).sorted().toList();
        }
        assertEquals(files, indexed);
    }

    @Test
    void ruleIndexNamesEveryDeclarationFileOnce() throws IOException {
        List<String> indexed = Files.readAllLines(BASE.resolve("rules/index.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> files;
        try (Stream<Path> s = Files.list(BASE.resolve("rules"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(files, indexed);
    }

    @Test
    void thresholdsAreNumbers() throws IOException {
        java.util.Properties p = new java.util.Properties();
        for (String file : List.of("detect/thresholds.properties", "windows/thresholds.properties")) {
            try (var in = Files.newInputStream(BASE.resolve(file))) {
                p.load(in);
            }
        }
        assertTrue(p.size() > 10);
        for (String key : p.stringPropertyNames()) {
            Double.parseDouble(p.getProperty(key).strip());
        }
    }
}
