package dev.ferret.sweep;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.model.Coverage;
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
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files above the copy limit (sweep.copy.limit.bytes) take their own read path: read once into a block of their
 * own, hashed and scanned there. A marker in the last bytes and the whole file's digests prove all of it was read,
 * and a rule on {@code filesize} sees the real size; a small file after it still uses the worker's buffer. Two
 * workers pass such files through the budget of big files held at once (sweep.big.files.budget.bytes).
 */
class BigFileSweepTest {
    private static final String RULES = String.join("\n",
            "rule Big_Tail_Marker { strings: $m = \"FERRET-BIG-TAIL\" condition: $m and filesize > 16MB }",
            "rule Small_Marker { strings: $m = \"FERRET-SMALL\" condition: $m }");

    @Test
    @Timeout(120)
    void aFileOverTheCopyLimitIsHashedAndScannedWhole(@TempDir Path root) throws Exception {
        long copyLimit = DetectionData.builtIn().thresholds().integer("sweep.copy.limit.bytes");
        byte[] big = new byte[(int) copyLimit + 3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 12));
        }
        byte[] tail = "FERRET-BIG-TAIL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
        Files.createDirectories(root.resolve("srv"));
        Files.write(root.resolve("srv/big.bin"), big);
        Files.writeString(root.resolve("srv/small.txt"), "FERRET-SMALL\n");
        byte[] other = new byte[(int) copyLimit + 5];
        for (int i = 0; i < other.length; i++) {
            other[i] = (byte) (i * 7 + 3);
        }
        Files.write(root.resolve("srv/big2.bin"), other);

        DetectionData data = DetectionData.builtIn();
        ScanResult result;
        try (LoadedRules rules = TestRules.compile(RULES)) {
            SweepOptions sweep = new SweepOptions(List.of("/srv"), 64L << 20, 2, 30, false, null, List.of(), true);
            SignatureScan plan = new SignatureScan(Optional.of(rules), sweep,
                    new MemoryScanOptions(Set.of(), 1 << 20, 1, 1, 1), dev.ferret.sweep.Progress.none(), true);
            result = new ScanEngine(Catalog.linuxCollectors(data, plan), Catalog.primaryDetectors(),
                    Catalog.pivotDetectors(), Clock.systemUTC()).run(new ScanRequest(EnumSet.of(Area.SWEEP), root,
                    false, new CollectOptions(Duration.ofMillis(100), false), data), new Coverage());
        }
        ScannedFile scanned = result.snapshot().scannedFiles().stream()
                .filter(f -> f.path().equals("/srv/big.bin")).findFirst().orElseThrow();
        HexFormat hex = HexFormat.of();
        assertEquals(big.length, scanned.size());
        assertEquals(hex.formatHex(MessageDigest.getInstance("MD5").digest(big)), scanned.md5());
        assertEquals(hex.formatHex(MessageDigest.getInstance("SHA-256").digest(big)), scanned.sha256());
        assertTrue(scanned.matches().stream().anyMatch(m -> m.rule().equals("Big_Tail_Marker")), scanned.toString());
        ScannedFile second = result.snapshot().scannedFiles().stream()
                .filter(f -> f.path().equals("/srv/big2.bin")).findFirst().orElseThrow();
        assertEquals(hex.formatHex(MessageDigest.getInstance("SHA-256").digest(other)), second.sha256());
        ScannedFile small = result.snapshot().scannedFiles().stream()
                .filter(f -> f.path().equals("/srv/small.txt")).findFirst().orElseThrow();
        assertTrue(small.matches().stream().anyMatch(m -> m.rule().equals("Small_Marker")), small.toString());
    }
}
