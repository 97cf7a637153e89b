package dev.ferret.yara;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.ferret.yara.TestYara.ascii;
import static dev.ferret.yara.TestYara.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiles the signature-base community rule set (an external snapshot next to the project, in
 * {@code shared/rules/signature-base}); skipped when the snapshot is absent. Compiled once for
 * the class: it is the slow part of this module's tests.
 */
class CommunityRulesTest {

    private static final Pattern CONDITION = Pattern.compile("condition\\s*:");
    private static Path ruleDir;
    private static List<Path> files;
    private static int declaredRules;
    private static final List<Path> unparsed = new ArrayList<>();
    private static YaraRules rules;
    private static List<CompileSkip> skipped;
    private static List<CompileError> errors;
    private static long compileMillis;

    @BeforeAll
    static void compileSignatureBase() throws Exception {
        Optional<Path> base = locate();
        Assumptions.assumeTrue(base.isPresent(), "signature-base snapshot not found next to the project");
        ruleDir = base.get().resolve("yara");
        try (Stream<Path> list = Files.list(ruleDir)) {
            files = list.filter(p -> p.toString().endsWith(".yar") || p.toString().endsWith(".yara"))
                    .sorted().toList();
        }
        for (Path f : files) {
            SourceOutline outline = SourceOutline.of(Files.readAllBytes(f));
            declaredRules += outline.rules().size();
            if (!outline.wellFormed()) {
                unparsed.add(f);
            }
        }
        long start = System.nanoTime();
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            for (Path f : files) {
                compiler.addFile(f);
            }
            skipped = compiler.skipped();
            errors = compiler.errors();
            rules = compiler.build();
        }
        compileMillis = (System.nanoTime() - start) / 1_000_000;
        report();
    }

    @AfterAll
    static void free() {
        if (rules != null) {
            rules.close();
        }
    }

    @Test
    void nearlyAllRulesCompileOnTheInstalledLibyara() {
        long skippedFiles = skipped.stream().filter(CompileSkip::wholeSource).count();
        assertTrue(files.size() > 700, "expected the full snapshot, found " + files.size() + " files");
        assertTrue(skippedFiles <= files.size() / 100, "too many files skipped: " + skipped);
        assertTrue(rules.ruleCount() >= declaredRules * 0.99,
                rules.ruleCount() + " of " + declaredRules + " rules compiled; skipped: " + skipped);
        assertEquals(YaraCompiler.STANDARD_EXTERNALS, List.copyOf(rules.externals().keySet()));
    }

    @Test
    void theRuleOutlineUnderstandsEveryFile() {
        // Per-rule skipping relies on it; a file it cannot outline is skipped whole on error.
        assertEquals(List.of(), unparsed);
    }

    @Test
    void externalsDriveTheCommunityRulesThatUseThem() throws Exception {
        byte[] sudoers = ascii("root ALL=(ALL) ALL\nbob ALL=(ALL) NOPASSWD: /usr/bin/vim /etc/motd\n");
        try (YaraScanner scanner = rules.newScanner()) {
            List<YaraMatch> asSudoers = scanner.scanMemory(sudoers,
                    Map.of("filename", "sudoers", "filepath", "/etc/sudoers", "extension", ""), 30);
            assertTrue(names(asSudoers).contains("VULN_Linux_Sudoers_Commands"), names(asSudoers).toString());
            YaraMatch vuln = TestYara.find(asSudoers, "VULN_Linux_Sudoers_Commands").orElseThrow();
            assertEquals("Arnim Rupp", vuln.meta().get("author"));
            assertEquals(50L, vuln.meta().get("score"));
            assertEquals("$command12", vuln.strings().get(0).identifier());

            List<YaraMatch> asNotes = scanner.scanMemory(sudoers, Map.of("filename", "notes.txt"), 30);
            assertTrue(!names(asNotes).contains("VULN_Linux_Sudoers_Commands"), names(asNotes).toString());
        }
    }

    @Test
    void anErrorInjectedIntoOneRulePerFileCostsOnlyThatRule() throws Exception {
        // Every 20th file: break the middle rule's condition; the file's other rules must stay
        // (rules that reference the broken one go too, with libyara's reason).
        for (int i = 0; i < files.size(); i += 20) {
            byte[] text = Files.readAllBytes(files.get(i));
            SourceOutline outline = SourceOutline.of(text);
            SourceOutline.RuleSpan victim = outline.rules().get(outline.rules().size() / 2);
            String source = new String(text, StandardCharsets.ISO_8859_1);
            Matcher condition = CONDITION.matcher(source).region(victim.start(), victim.end());
            assertTrue(condition.find(), victim.toString());
            int at = condition.end();
            String broken = source.substring(0, at) + " ferret_undefined and" + source.substring(at);
            try (YaraCompiler compiler = TestYara.get().newCompiler()) {
                compiler.addBytes(broken.getBytes(StandardCharsets.ISO_8859_1), "default", files.get(i).toString());
                List<CompileSkip> skips = compiler.skipped();
                assertEquals(victim.name(), skips.get(0).rule(), skips.toString());
                assertTrue(skips.stream().skip(1).allMatch(s -> s.reason().contains(victim.name())), skips.toString());
                try (YaraRules partial = compiler.build()) {
                    assertEquals(outline.rules().size() - skips.size(), partial.ruleCount());
                }
            }
        }
    }

    @Test
    void aBrokenFileAmongTheCommunityRulesIsSkippedAndTheRestStillLoads(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yar"),
                "rule ferret_broken {\n  condition:\n    uint32(0) == 0x464C457F and nonexistent\n}\n");
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            compiler.addFile(files.get(0));
            compiler.addFile(broken);
            compiler.addFile(files.get(files.size() - 1));
            assertEquals(List.of(new CompileError(broken.toString(), 3, "undefined identifier \"nonexistent\"",
                    "ferret_broken")), compiler.errors());
            try (YaraRules partial = compiler.build()) {
                assertTrue(partial.ruleCount() > 0);
            }
        }
    }

    private static void report() {
        long skippedFiles = skipped.stream().filter(CompileSkip::wholeSource).count();
        long skippedRules = skipped.stream().filter(s -> !s.wholeSource()).count();
        System.out.printf("signature-base: %d files, %d rules declared, %d rules compiled in %d ms;"
                        + " %d files and %d rules skipped, %d compile errors%n",
                files.size(), declaredRules, rules.ruleCount(), compileMillis, skippedFiles, skippedRules,
                errors.size());
        Map<String, Long> reasons = skipped.stream().collect(Collectors.groupingBy(
                s -> s.reason().replaceAll("\"[^\"]*\"", "\"…\""), Collectors.counting()));
        reasons.forEach((reason, n) -> System.out.printf("  skipped %d x: %s%n", n, reason));
        skipped.forEach(s -> System.out.println("  " + s));
    }

    /** Walks up from the working directory until a sibling {@code shared/rules} exists. */
    private static Optional<Path> locate() throws IOException {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/rules/signature-base");
            tried.add(candidate);
            if (Files.isDirectory(candidate.resolve("yara"))) {
                return Optional.of(candidate.toRealPath());
            }
        }
        return Optional.empty();
    }
}
