package dev.ferret.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of IOC files (hash, network, pool-port and file-name lists, as {@code --iocs} reads them).
 * A line that cannot be used becomes one entry of {@link IocSet#problems()}, never an exception; lookups of what
 * was loaded answer without throwing.
 */
class IocFileFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void iocFile(byte[] input) throws Exception {
        Bounded.run("IOC file", () -> {
            List<DataLine> lines = DataFileReader.read(new ByteArrayInputStream(input), "fuzz.txt");
            IocSet set = new IocSet();
            set.addHashes(lines);
            set.addNetwork(lines);
            set.addPoolPorts(lines);
            set.addFileNames(lines);
            // every line is either used or named as a problem by each of the four readers at most once
            assertTrue(set.problems().size() <= 4 * lines.size(), set.problems().size() + " problems");
            for (DataLine line : lines) {
                String value = line.text().split(";", 2)[0].strip();
                set.hash(value);
                set.address(value);
                set.domain(value);
            }
            set.poolPort(3333);
        });
    }
}
