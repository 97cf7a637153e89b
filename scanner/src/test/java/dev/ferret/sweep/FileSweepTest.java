package dev.ferret.sweep;

import dev.ferret.data.rules.Golden;
import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.ScannedFile;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.TestRules;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import dev.ferret.scan.SignatureScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature sweep over a real tree with real libyara, as `ferret files --root` runs it. */
class FileSweepTest {
    private static final String RULES = String.join("\n",
            // like many community rules, this one only fires in a suspicious place: the pivot finds the rest
            "rule Test_Marker { meta: score = 80 description = \"test marker\" strings: $m = \"FERRET-TEST-SIGNATURE\" "
                    + "condition: $m and filepath matches /^\\/(tmp|usr\\/bin\\/(packaged|replaced))/ }",
            "rule Test_Named { condition: filename == \"named.txt\" and filepath == \"/srv/named.txt\" and "
                    + "extension == \".txt\" }",
            "rule Test_Elf_Type { condition: filetype == \"ELF\" and filename == \"elf.bin\" }",
            // an emptied log is itself a finding; every other empty file is not its "copy"
            "rule Test_Emptied { meta: score = 60 condition: filesize == 0 and filename == \"wtmp\" }");

    private static void write(Path root, String path, String content) throws Exception {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static String md5(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Timeout(120)
    @Golden({"file.same-file-copies", "yara.file"})
    void sweepsATreeOnceWithHashesRulesPivotAndSkips(@TempDir Path root) throws Exception {
        String evil = "#!/bin/sh\necho FERRET-TEST-SIGNATURE\n";
        write(root, "/tmp/.x/miner.sh", evil);
        write(root, "/usr/bin/innocent", evil);                       // same bytes, innocent name: the pivot
        write(root, "/srv/named.txt", "nothing special");            // externals decide
        write(root, "/srv/other.txt", "nothing special");
        write(root, "/usr/bin/packaged", "pkg FERRET-TEST-SIGNATURE"); // matches, but dpkg vouches for it
        write(root, "/usr/bin/replaced", "new FERRET-TEST-SIGNATURE"); // dpkg recorded other content
        write(root, "/var/lib/dpkg/info/fake.md5sums", md5("pkg FERRET-TEST-SIGNATURE") + "  usr/bin/packaged\n"
                + md5("old content") + "  usr/bin/replaced\n");
        write(root, "/srv/big.bin", "x".repeat(4096));
        write(root, "/tmp/wtmp", "");
        write(root, "/srv/empty.lock", "");
        Files.write(root.resolve("srv/elf.bin"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        Files.createSymbolicLink(root.resolve("srv/link-to-host"), Path.of("/etc"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("srv/fifo").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

        DetectionData data = DetectionData.builtIn();
        ScanResult result;
        try (LoadedRules rules = TestRules.compile(RULES)) {
            SweepOptions sweep = new SweepOptions(List.of("/tmp", "/usr/bin", "/srv"), 1024, 2, 10, true, null,
                    List.of());
            SignatureScan plan = new SignatureScan(Optional.of(rules), sweep,
                    new MemoryScanOptions(Set.of(), 1 << 20, 1, 1, 1), Progress.none(), true);
            ScanEngine engine = new ScanEngine(Catalog.linuxCollectors(data, plan), Catalog.primaryDetectors(),
                    Catalog.pivotDetectors(), Clock.systemUTC());
            result = engine.run(new ScanRequest(EnumSet.of(Area.SWEEP), root, false,
                    new CollectOptions(Duration.ofMillis(100), false), data), new Coverage());
        }
        Map<String, ScannedFile> scanned = result.snapshot().scannedFiles().stream()
                .collect(Collectors.toMap(ScannedFile::path, Function.identity()));

        ScannedFile miner = scanned.get("/tmp/.x/miner.sh");
        assertEquals(md5(evil), miner.md5());
        assertEquals("Test_Marker", miner.matches().get(0).rule());
        assertTrue(scanned.get("/srv/named.txt").matches().stream().anyMatch(m -> m.rule().equals("Test_Named")));
        assertTrue(scanned.get("/srv/other.txt").matches().isEmpty(), "externals are per file");
        assertTrue(scanned.get("/srv/elf.bin").matches().stream().anyMatch(m -> m.rule().equals("Test_Elf_Type")));
        assertEquals("package-verified", scanned.get("/usr/bin/packaged").yaraSkipped());
        assertNull(scanned.get("/usr/bin/replaced").yaraSkipped());
        assertFalse(scanned.get("/usr/bin/replaced").matches().isEmpty(), "a changed packaged file is scanned");
        assertFalse(scanned.containsKey("/srv/big.bin"), "over the size limit");
        assertFalse(scanned.containsKey("/srv/fifo"));
        assertTrue(scanned.keySet().stream().noneMatch(p -> p.startsWith("/srv/link-to-host")), "links not followed");
        assertTrue(result.snapshot().coverage().gaps().stream().anyMatch(g -> g.reason().startsWith("larger than")));
        assertEquals(1, result.snapshot().coverage().counter("sweep", "files skipped by YARA as package-verified"));

        List<Finding> yara = result.findings().stream().filter(f -> f.ruleId().equals("yara.file")).toList();
        assertTrue(yara.stream().anyMatch(f -> f.file().path().equals("/tmp/.x/miner.sh") && f.score() == 80));
        Finding copy = result.findings().stream().filter(f -> f.ruleId().equals("file.same-file-copies"))
                .filter(f -> f.file().path().equals("/usr/bin/innocent")).findFirst().orElseThrow();
        assertEquals(md5(evil), copy.file().md5());
        Finding original = yara.stream().filter(f -> f.file().path().equals("/tmp/.x/miner.sh")).findFirst().orElseThrow();
        assertEquals(original.chain(), copy.chain(), "the copy joins the original's chain");
        assertTrue(yara.stream().anyMatch(f -> f.file().path().equals("/tmp/wtmp")));
        assertTrue(result.findings().stream().noneMatch(f -> f.ruleId().equals("file.same-file-copies")
                && f.file().path().equals("/srv/empty.lock")), "an empty file is nobody's copy");
    }
}
