package dev.ferret.data.rules;

import dev.ferret.detect.Detector;
import dev.ferret.scan.Catalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detectors and declarations match one to one, and every Detector class is in the catalogue. */
class CatalogDeclarationsTest {
    private static final String DETECT_PACKAGE = "dev.ferret.detect";

    @Test
    void everyDeclaredRuleHasADetectorAndEveryDetectorADeclaration() {
        RuleBook.builtIn().checkDetectors(Catalog.allDetectors().stream().map(Detector::id).toList());
    }

    @Test
    void everyDetectorClassIsInTheCatalog() throws IOException, URISyntaxException {
        Path classes = Path.of(Detector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> declaredClasses;
        try (Stream<Path> s = Files.walk(classes.resolve(DETECT_PACKAGE.replace('.', '/')))) {
            declaredClasses = s.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(CatalogDeclarationsTest::isConcreteDetector)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> catalogued = Catalog.allDetectors().stream().map(d -> d.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(declaredClasses.isEmpty());
        assertEquals(declaredClasses, catalogued, "Detector classes under " + DETECT_PACKAGE + " vs Catalog");
    }

    @Test
    void detectorIdsAreUniqueAcrossPlatforms() {
        List<String> ids = Catalog.allDetectors().stream().map(Detector::id).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size(), ids.toString());
        assertTrue(ids.size() >= 40, "expected every platform's detectors, got " + ids.size());
    }

    private static boolean isConcreteDetector(String name) {
        try {
            Class<?> c = Class.forName(name);
            return Detector.class.isAssignableFrom(c) && !c.isInterface()
                    && !java.lang.reflect.Modifier.isAbstract(c.getModifiers());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
