package dev.ferret.yara;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class YaraLoadTest {

    private static final Path SYSTEM_LIBYARA = Path.of("/usr/lib/x86_64-linux-gnu/libyara.so.9");

    @Test
    void detectsThe42LayoutOfTheInstalledLibyara() throws Exception {
        // The build machines carry Debian's libyara 4.2.3.
        Yara yara = TestYara.get();
        assertEquals(YaraLayout.V4_2, yara.layout());
        assertEquals(8, yara.layout().ruleIdentifier());
        assertEquals("4.2-4.3", yara.layout().name());
    }

    @Test
    void probeAcceptsOnlyTheMatchingLayoutRow() {
        // Same offsets for everything but YR_RULE: the rows must differ exactly there.
        assertEquals(YaraLayout.V4_2.ruleIdentifier() + 8, YaraLayout.V4_4.ruleIdentifier());
        assertEquals(YaraLayout.V4_2.ruleSize() + 8, YaraLayout.V4_4.ruleSize());
        assertEquals(YaraLayout.V4_2.contextMatches(), YaraLayout.V4_4.contextMatches());
    }

    @Test
    void bogusLibraryPathGivesAClearOneLineReason() {
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class, () ->
                Yara.load(props(Yara.LIBRARY_PROPERTY, "/nonexistent/ferret/libyara.so")));
        assertEquals("libyara not found: /nonexistent/ferret/libyara.so does not exist", e.getMessage());
    }

    @Test
    void explicitPathIsAuthoritativeEvenWhenTheSystemHasLibyara(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("libyara.so"), "not an ELF file");
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class, () ->
                Yara.load(props(Yara.LIBRARY_PROPERTY, garbage.toString())));
        assertTrue(e.getMessage().startsWith("libyara failed to load: " + garbage + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aSharedLibraryThatIsNotLibyaraIsRefused() {
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
        assumeTrue(Files.exists(libz), "needs libz");
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class, () -> Yara.loadFrom(libz));
        assertTrue(e.getMessage().contains("is not libyara"), e.getMessage());
    }

    @Test
    void bundledCopyUnderFerretHomeIsUsedWhenPresent(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("lib"));
        Path bundled = Files.createSymbolicLink(home.resolve("lib/libyara.so"), SYSTEM_LIBYARA);
        try (Yara yara = Yara.load(props(Yara.HOME_PROPERTY, home.toString()))) {
            assertEquals(bundled.toAbsolutePath().normalize().toString(), yara.origin());
            assertEquals(YaraLayout.V4_2, yara.layout());
        }
    }

    @Test
    void ferretHomeWithoutBundledCopyFallsBackToTheSystemLibrary(@TempDir Path home) throws Exception {
        try (Yara yara = Yara.load(props(Yara.HOME_PROPERTY, home.toString()))) {
            assertTrue(Yara.SYSTEM_NAMES.contains(yara.origin()), yara.origin());
        }
    }

    @Test
    void handlesAreIndependentAndRulesOutliveTheirHandle() throws Exception {
        YaraRules rules;
        try (Yara second = Yara.loadFrom(SYSTEM_LIBYARA); YaraCompiler c = second.newCompiler()) {
            c.addString("rule r { strings: $a = \"abc\" condition: $a }");
            rules = c.build();
        }
        // The handle is closed, but yr_finalize waits for the rules made from it.
        try (rules) {
            assertEquals(1, rules.scanMemory(TestYara.ascii("xxabcxx"), Map.of(), 0).size());
        }
        assertThrows(IllegalStateException.class, rules::newScanner);
    }

    private static UnaryOperator<String> props(String key, String value) {
        return k -> k.equals(key) ? value : null;
    }
}
