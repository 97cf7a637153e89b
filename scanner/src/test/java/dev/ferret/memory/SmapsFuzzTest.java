package dev.ferret.memory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coverage-guided fuzzing of the /proc/&lt;pid&gt;/smaps parser: any text gives regions or none, never a throw. */
class SmapsFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void smaps(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        Bounded.run("smaps", () -> {
            List<MemoryRegion> regions = LinuxProcessMemory.parseSmaps(text);
            // one region per header line at most: a malformed header is skipped, never invented
            assertTrue(regions.size() <= text.split("\n").length, regions.size() + " regions");
        });
    }
}
