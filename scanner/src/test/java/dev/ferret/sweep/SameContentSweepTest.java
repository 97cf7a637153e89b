package dev.ferret.sweep;

import dev.ferret.model.Coverage;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.SignatureMatch;
import dev.ferret.rules.BundleCompiler;
import dev.ferret.rules.CompiledBundle;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.RuleLoader;
import dev.ferret.yara.Yara;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file with several names (hard links) is hashed once and its name-blind rules answered once per sweep, yet
 * every name gets exactly the answer a scan of its own would give: the same as for independent copies.
 */
class SameContentSweepTest {
    @TempDir
    Path dir;

    /** Enough PE rules for an MZ class, rules that read the name (directly, through a rule, as a global). */
    private static String rules() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            b.append("rule pe_").append(i).append(" { strings: $a = \"MARK-PE-").append(i)
                    .append("\" condition: uint16(0) == 0x5a4d and $a }\n");
        }
        b.append("rule content { strings: $a = \"SAME-BYTES\" condition: $a }\n");
        b.append("rule by_name { strings: $a = \"SAME-BYTES\" condition: $a and filename == \"second.bin\" }\n");
        b.append("rule by_extension { condition: extension == \".dll\" }\n");
        b.append("rule through_name { condition: by_name and filesize > 10 }\n");
        b.append("private rule helper { strings: $h = \"HELPER\" condition: $h }\n");
        b.append("rule uses_helper { condition: helper and filepath contains \"third\" }\n");
        return b.toString();
    }

    private static String global() {
        return "global rule only_named { condition: filename != \"first.bin\" }\n"
                + "rule gated { strings: $a = \"SAME-BYTES\" condition: $a }\n";
    }

    private Map<String, Set<String>> sweep(LoadedRules rules, List<Path> files, Coverage coverage,
                                           Map<String, String> md5s) throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        try (FileScanner scanner = new FileScanner(null, rules.sets(), rules.partitions(), FileKinds.builtIn(),
                PackageChecksums.none(), new Digests(true, false), 1 << 20, 1 << 30, 30, coverage,
                new SameContent())) {
            for (Path f : files) {
                ScannedFile s = scanner.scan(f, f.toString(), Files.size(f), Instant.now(), () -> "root");
                Set<String> matched = new TreeSet<>();
                for (SignatureMatch m : s.matches()) {
                    matched.add(m.rule());
                }
                out.put(f.getFileName().toString(), matched);
                md5s.put(f.getFileName().toString(), s.md5() + " " + s.sha256());
            }
        }
        return out;
    }

    @Test
    void everyNameGetsItsOwnAnswerAndTheContentIsHashedOnce() throws Exception {
        Path main = dir.resolve("main.yar");
        Files.writeString(main, rules());
        Path gated = dir.resolve("gated.yar");
        Files.writeString(gated, global());
        Path bundle = dir.resolve("rules.yarc");
        try (Yara yara = Yara.load(); BundleCompiler.Result result =
                BundleCompiler.compile(yara, List.of(main, gated), false)) {
            CompiledBundle.write(result, bundle);
        }
        String manifest = Files.readString(CompiledBundle.partitionDir(bundle).resolve("partition.txt"));
        assertTrue(manifest.contains("name-rule main:by_name") && manifest.contains("name-rule main:through_name")
                && manifest.contains("name-namespace gated") && !manifest.contains("name-rule main:content"),
                manifest);

        byte[] content = ("MZ" + " ".repeat(100) + "SAME-BYTES HELPER MARK-PE-3").getBytes();
        Path links = Files.createDirectories(dir.resolve("links"));
        Path first = Files.write(links.resolve("first.bin"), content);
        List<Path> linked = List.of(first, Files.createLink(links.resolve("second.bin"), first),
                Files.createLink(links.resolve("third.dll"), first));
        Path copies = Files.createDirectories(dir.resolve("copies"));
        List<Path> copied = List.of(Files.write(copies.resolve("first.bin"), content),
                Files.write(copies.resolve("second.bin"), content), Files.write(copies.resolve("third.dll"), content));

        try (LoadedRules rules = RuleLoader.load(List.of(bundle), false, new Coverage()).orElseThrow()) {
            Coverage linkedCoverage = new Coverage();
            Map<String, String> linkedHashes = new TreeMap<>();
            Map<String, Set<String>> viaLinks = sweep(rules, linked, linkedCoverage, linkedHashes);
            Map<String, String> copiedHashes = new TreeMap<>();
            Map<String, Set<String>> viaCopies = sweep(rules, copied, new Coverage(), copiedHashes);

            assertEquals(viaCopies, viaLinks, "hard links answered like independent copies");
            assertEquals(copiedHashes, linkedHashes);
            assertEquals(Set.of("content", "pe_3"), viaLinks.get("first.bin"), "the global rule gates its namespace");
            assertEquals(Set.of("content", "pe_3", "by_name", "through_name", "only_named", "gated"),
                    viaLinks.get("second.bin"));
            assertEquals(Set.of("content", "pe_3", "by_extension", "uses_helper", "only_named", "gated"),
                    viaLinks.get("third.dll"));
            assertEquals(2, linkedCoverage.counter("sweep", "files answered by an earlier name of the same file"));
            assertEquals(0, rules.partitions().get(0).fallbacks());
        }
    }
}
