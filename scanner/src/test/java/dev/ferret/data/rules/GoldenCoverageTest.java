package dev.ferret.data.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every declared rule id has at least one golden test, and every golden test names declared rules only. */
class GoldenCoverageTest {
    @Test
    void everyDeclaredRuleHasAGoldenTest() throws IOException, URISyntaxException {
        Map<String, Set<String>> golden = goldenTests();
        Set<String> declared = RuleBook.builtIn().all().stream().map(Rule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(golden.keySet());
        assertEquals(Set.of(), missing, "declared rules without a @Golden test");
        Set<String> unknown = new TreeSet<>(golden.keySet());
        unknown.removeAll(declared);
        assertEquals(Set.of(), unknown, "@Golden names rules that are not declared: " + golden);
    }

    /** Rule id to the tests that prove it, from the compiled test classes. */
    static Map<String, Set<String>> goldenTests() throws IOException, URISyntaxException {
        Path classes = Path.of(GoldenCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> byRule = new TreeMap<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace('/', '.');
                Class<?> c;
                try {
                    c = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                            GoldenCoverageTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    Golden g = m.getAnnotation(Golden.class);
                    if (g == null) {
                        continue;
                    }
                    assertTrue(m.isAnnotationPresent(org.junit.jupiter.api.Test.class)
                            || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class),
                            m + " is @Golden but no @Test");
                    for (String id : g.value()) {
                        byRule.computeIfAbsent(id, k -> new TreeSet<>()).add(c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        return byRule;
    }
}
