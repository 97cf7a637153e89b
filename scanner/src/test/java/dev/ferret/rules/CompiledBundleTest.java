package dev.ferret.rules;

import dev.ferret.cli.BadInputException;
import dev.ferret.model.Coverage;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiled bundles with the real libyara: written, verified, loaded, and refused when modified. */
class CompiledBundleTest {
    private static final String RULE = "rule bundle_probe { strings: $a = \"ferret-bundle-probe\" condition: $a }";

    @TempDir
    Path dir;

    @Test
    void builtInBundleLoadsTheSameRulesFasterThanCompiling() throws Exception {
        Path bundle = dir.resolve("rules.yarc");
        int compiledCount;
        long compileNanos;
        try (Yara yara = Yara.load();
             BundleCompiler.Result result = BundleCompiler.compile(yara, List.of(), true)) {
            compiledCount = result.rules().ruleCount();
            compileNanos = result.nanos();
            String hex = CompiledBundle.write(result.rules(), bundle);
            assertEquals(hex + "  rules.yarc\n", Files.readString(dir.resolve("rules.yarc.sha256")));
        }
        assertTrue(compiledCount > 0);
        assertEquals(CompiledBundle.sha256(bundle), CompiledBundle.verify(bundle));
        try (Yara yara = Yara.load()) {
            long start = System.nanoTime();
            try (YaraRules loaded = yara.loadRules(bundle)) {
                long loadNanos = System.nanoTime() - start;
                assertEquals(compiledCount, loaded.ruleCount());
                System.out.printf("built-in rules: %d; compile %.1f ms, load compiled %.1f ms%n", compiledCount,
                        compileNanos / 1e6, loadNanos / 1e6);
            }
        }
        // no temporary files left beside the bundle
        try (var files = Files.list(dir)) {
            assertEquals(List.of("rules.yarc", "rules.yarc.sha256"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void modifiedBundleIsRefusedWithOneLine() throws Exception {
        Path bundle = writeProbeBundle();
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(bundle, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> CompiledBundle.verify(bundle));
        assertTrue(e.getMessage().contains("do not match their checksum"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingOrForeignChecksumIsRefused() throws Exception {
        Path bundle = writeProbeBundle();
        Path sum = CompiledBundle.checksumFile(bundle);
        String line = Files.readString(sum);
        Files.writeString(sum, line.replace("probe.yarc", "other.yarc"));
        assertThrows(BadInputException.class, () -> CompiledBundle.verify(bundle));
        Files.writeString(sum, "not a checksum\n");
        assertThrows(BadInputException.class, () -> CompiledBundle.verify(bundle));
        Files.delete(sum);
        BadInputException e = assertThrows(BadInputException.class, () -> CompiledBundle.verify(bundle));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void userBundleWithChecksumIsVerifiedByTheLoader() throws Exception {
        Path bundle = writeProbeBundle();
        Coverage coverage = new Coverage();
        Optional<LoadedRules> rules = RuleLoader.load(List.of(bundle), false, coverage);
        assertTrue(rules.isPresent());
        try (LoadedRules r = rules.get()) {
            assertEquals(1, r.ruleCount());
        }
        Files.writeString(CompiledBundle.checksumFile(bundle), "0".repeat(64) + "  probe.yarc\n");
        assertThrows(BadInputException.class, () -> RuleLoader.load(List.of(bundle), false, new Coverage()));
    }

    @Test
    void imageBundleReplacesCompilingTheBuiltInsAndIsRefusedWhenModified() throws Exception {
        Path home = dir.resolve("image");
        Path bundle = home.resolve(CompiledBundle.IMAGE_BUNDLE);
        Files.createDirectories(bundle.getParent());
        int builtIn;
        try (Yara yara = Yara.load();
             BundleCompiler.Result result = BundleCompiler.compile(yara, List.of(), true)) {
            builtIn = result.rules().ruleCount();
            CompiledBundle.write(result.rules(), bundle);
        }
        // as the image build does: signed with a build key whose public half the image trusts
        Path buildKeys = dir.resolve("build-keys");
        String id = BundleSignature.keygen(buildKeys);
        Path trusted = Files.createDirectories(home.resolve(BundleSignature.IMAGE_KEYS));
        Files.copy(buildKeys.resolve("ferret-" + id + ".pub"), trusted.resolve("ferret-" + id + ".pub"));
        assertEquals(id, BundleSignature.sign(bundle, buildKeys.resolve("ferret-" + id + ".key")));
        String previous = System.getProperty("ferret.home");
        System.setProperty("ferret.home", home.toString());
        try {
            assertEquals(Optional.of(bundle), CompiledBundle.imageBundle());
            Coverage coverage = new Coverage();
            try (LoadedRules rules = RuleLoader.load(List.of(), true, coverage).orElseThrow()) {
                assertEquals(builtIn, rules.ruleCount());
                assertEquals(1, rules.sets().size());
            }
            assertEquals(id, coverage.provenance().get(BundleSignature.KEY_ID));
            assertEquals(CompiledBundle.sha256(bundle), coverage.provenance().get(BundleSignature.BUNDLE_SHA256));
            // the image's bundle must be signed: without its signature it is refused
            Path sig = BundleSignature.signatureFile(bundle);
            Path aside = Files.move(sig, dir.resolve("aside.sig"));
            BadInputException unsigned = assertThrows(BadInputException.class,
                    () -> RuleLoader.load(List.of(), true, new Coverage()));
            assertTrue(unsigned.getMessage().contains("signature"), unsigned.getMessage());
            Files.move(aside, sig);
            byte[] bytes = Files.readAllBytes(bundle);
            bytes[bytes.length - 1] ^= 0x20;
            Files.write(bundle, bytes);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> RuleLoader.load(List.of(), true, new Coverage()));
            assertTrue(e.getMessage().contains(bundle.toString()), e.getMessage());
            // --no-builtin-rules does not touch the image's bundle
            RuleLoader.load(List.of(), false, new Coverage()).ifPresent(LoadedRules::close);
        } finally {
            if (previous == null) {
                System.clearProperty("ferret.home");
            } else {
                System.setProperty("ferret.home", previous);
            }
        }
    }

    @Test
    void compilingRefusesAlreadyCompiledInput() throws Exception {
        Path bundle = writeProbeBundle();
        try (Yara yara = Yara.load()) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> BundleCompiler.compile(yara, List.of(bundle), false));
            assertTrue(e.getMessage().contains("already compiled"), e.getMessage());
        }
    }

    private Path writeProbeBundle() throws Exception {
        Path source = dir.resolve("probe.yar");
        Files.writeString(source, RULE, StandardCharsets.UTF_8);
        Path bundle = dir.resolve("probe.yarc");
        try (Yara yara = Yara.load();
             BundleCompiler.Result result = BundleCompiler.compile(yara, List.of(source), false)) {
            assertEquals(1, result.rules().ruleCount());
            CompiledBundle.write(result.rules(), bundle);
        }
        return bundle;
    }
}
