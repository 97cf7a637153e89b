package dev.ferret.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferret's production classes keep the layers of docs/DESIGN.md. */
class LayersTest {
    private static JavaClasses ferret;

    @BeforeAll
    static void importFerret() {
        ferret = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferret");
    }

    @Test
    void theImportSeesTheScannerAndTheNativeModule() {
        // a rule over an empty or partial import would pass whatever the code does
        assertTrue(ferret.contain("dev.ferret.collect.HostCollector"), "scanner classes imported");
        assertTrue(ferret.contain("dev.ferret.cli.Main"), "cli imported");
        assertTrue(ferret.contain("dev.ferret.os.host.LiveHost"), "native classes imported");
    }

    @TestFactory
    Stream<DynamicTest> everyLayerRuleHolds() {
        return Layers.all("dev.ferret").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(ferret)));
    }
}
