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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compiled bundle carries its partition (rules.yarc.parts/), the sweep loads it and scans each file with its
 * part, and the matches are those of the whole set; an altered part or manifest costs speed, never a match.
 */
class PartitionedBundleSweepTest {
    @TempDir
    Path dir;

    /** 25 rules each for PE and ELF files, 25 bounded to small files, a few for anything. */
    private static String rules() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            b.append("rule pe_").append(i).append(" { strings: $a = \"MARK-PE-").append(i)
                    .append("\" condition: uint16(0) == 0x5a4d and $a }\n");
            b.append("rule elf_").append(i).append(" { strings: $a = \"MARK-ELF-").append(i)
                    .append("\" condition: uint32(0) == 0x464c457f and filesize < 1MB and $a }\n");
            b.append("rule small_").append(i).append(" { strings: $a = \"MARK-SMALL-").append(i)
                    .append("\" condition: $a and filesize < ").append(2000 + i).append(" }\n");
        }
        b.append("private rule helper { strings: $h = \"MARK-HELPER\" condition: $h }\n");
        b.append("rule uses_helper { condition: uint16(0) == 0x5a4d and helper }\n");
        b.append("rule anywhere { strings: $a = \"MARK-ANY\" condition: $a }\n");
        return b.toString();
    }

    private Path file(String name, String header, String body, int size) throws Exception {
        byte[] bytes = new byte[Math.max(size, header.length() + body.length() + 1)];
        java.util.Arrays.fill(bytes, (byte) ' ');
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(h, 0, bytes, 0, h.length);
        byte[] m = body.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(m, 0, bytes, h.length + 1, m.length);
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Set<String> sweep(LoadedRules rules, List<Path> files, Coverage coverage) throws Exception {
        Set<String> out = new TreeSet<>();
        try (FileScanner scanner = new FileScanner(null, rules.sets(), rules.partitions(), FileKinds.builtIn(),
                PackageChecksums.none(), new Digests(true, false), 1 << 20, 1 << 30, 30, coverage)) {
            for (Path f : files) {
                ScannedFile s = scanner.scan(f, f.toString(), Files.size(f), Instant.now(), () -> "root");
                for (SignatureMatch m : s.matches()) {
                    out.add(f.getFileName() + ":" + m.rule());
                }
            }
        }
        return out;
    }

    @Test
    void theSweepUsesTheBundlesPartitionAndLosesNothing() throws Exception {
        Path source = dir.resolve("many.yar");
        Files.writeString(source, rules());
        Path bundle = dir.resolve("rules.yarc");
        try (Yara yara = Yara.load(); BundleCompiler.Result result = BundleCompiler.compile(yara, List.of(source), false)) {
            CompiledBundle.write(result, bundle);
        }
        Path parts = CompiledBundle.partitionDir(bundle);
        assertTrue(Files.isRegularFile(parts.resolve("partition.txt.sha256")));
        String manifest = Files.readString(parts.resolve("partition.txt"));
        assertTrue(manifest.contains("class 4d5a") && manifest.contains("class 7f454c46"), manifest);

        List<Path> files = new ArrayList<>();
        files.add(file("pe-small", "MZ", "MARK-PE-3 MARK-ELF-3 MARK-SMALL-4 MARK-ANY MARK-HELPER", 100));
        files.add(file("pe-big", "MZ", "MARK-PE-4 MARK-SMALL-4 MARK-ANY MARK-HELPER", 5000));
        files.add(file("elf-small", "\u007fELF", "MARK-ELF-7 MARK-PE-7 MARK-SMALL-24 MARK-ANY", 2023));
        files.add(file("elf-edge", "\u007fELF", "MARK-ELF-7 MARK-SMALL-24", 2024));
        files.add(file("elf-big", "\u007fELF", "MARK-ELF-8", 2 << 20));
        files.add(file("text", "#!/bin/sh", "MARK-PE-1 MARK-ELF-1 MARK-SMALL-1 MARK-ANY", 10));
        Set<String> expected = Set.of("pe-small:pe_3", "pe-small:small_4", "pe-small:anywhere",
                "pe-small:uses_helper", "pe-big:pe_4", "pe-big:anywhere", "pe-big:uses_helper",
                "elf-small:elf_7", "elf-small:small_24", "elf-small:anywhere", "elf-edge:elf_7",
                "text:small_1", "text:anywhere");

        Coverage coverage = new Coverage();
        try (LoadedRules rules = RuleLoader.load(List.of(bundle), false, coverage).orElseThrow()) {
            assertEquals(1, rules.partitions().size(), "the partition beside the bundle is loaded");
            assertEquals(expected, sweep(rules, files, coverage));
            assertEquals(0, rules.partitions().get(0).fallbacks());
        }

        // an altered part: its set falls back to the whole set, same matches
        Path part = Files.list(parts).filter(p -> p.getFileName().toString().startsWith("set-")).sorted()
                .findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(part);
        bytes[bytes.length / 2] ^= 1;
        Files.write(part, bytes);
        try (LoadedRules rules = RuleLoader.load(List.of(bundle), false, new Coverage()).orElseThrow()) {
            assertEquals(expected, sweep(rules, files, new Coverage()));
            assertTrue(rules.partitions().get(0).fallbacks() > 0, "the altered part was not used");
        }

        // an altered manifest: no partition at all, a note, same matches
        Files.writeString(parts.resolve("partition.txt"), manifest.replace("edge ", "edge 1"));
        Coverage noted = new Coverage();
        try (LoadedRules rules = RuleLoader.load(List.of(bundle), false, noted).orElseThrow()) {
            assertEquals(0, rules.partitions().size());
            assertTrue(noted.notes().stream().anyMatch(n -> n.contains("rule partition")), noted.notes().toString());
            assertEquals(expected, sweep(rules, files, new Coverage()));
        }
    }
}
