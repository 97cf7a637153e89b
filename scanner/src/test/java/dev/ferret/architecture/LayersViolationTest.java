package dev.ferret.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer rules catch a deliberate violation of each kind (the classes under {@code fixture/}). */
class LayersViolationTest {
    private static final String ROOT = "dev.ferret.architecture.fixture";
    private static JavaClasses bad;

    @BeforeAll
    static void importFixture() {
        bad = new ClassFileImporter().importPackages(ROOT);
    }

    private static void assertCaught(ArchRule rule, String offender, String target) {
        EvaluationResult result = rule.evaluate(bad);
        assertTrue(result.hasViolation(), rule.getDescription() + " must fail on the fixture");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(offender) && report.contains(target), report);
    }

    @Test
    void jnaAndOshiOutsideNativeAreCaught() {
        assertCaught(Layers.nativeCodeStaysInNative(ROOT), "DirectJna", "com.sun.jna.Native");
        assertCaught(Layers.nativeCodeStaysInNative(ROOT), "DirectJna", "oshi.SystemInfo");
    }

    @Test
    void detectReachingTheCliIsCaught() {
        assertCaught(Layers.detectorsStayBelowTheirUsers(ROOT), "JudgeThatPrints", "Reporter");
    }

    @Test
    void collectReachingDetectIsCaught() {
        assertCaught(Layers.collectorsDoNotJudge(ROOT), "CollectorThatJudges", "JudgeThatPrints");
    }

    @Test
    void exitOutsideTheCliIsCaught() {
        assertCaught(Layers.onlyTheCliExits(ROOT), "DirectJna", "System.exit");
    }

    @Test
    void theCleanPartsOfTheFixturePass() {
        // the rules single out the offender, not every class: the CLI stand-in breaks none of them
        JavaClasses cli = new ClassFileImporter().importPackages(ROOT + ".cli");
        for (ArchRule rule : Layers.all(ROOT)) {
            assertFalse(rule.allowEmptyShould(true).evaluate(cli).hasViolation(), rule.getDescription());
        }
    }
}
