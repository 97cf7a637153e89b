package dev.ferret.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternIndexTest {
    @Test
    void requiredLiterals() {
        assertEquals("\\usbclass.sys", RegexLiteral.of("\\\\usbclass\\.sys", 3), "an escaped backslash is a literal");
        assertEquals("/libprocesshider.so", RegexLiteral.of("/libprocesshider\\.so$", 3));
        assertEquals("/ddg.", RegexLiteral.of("/ddg\\.\\d+$", 3));
        assertEquals("/xmrig", RegexLiteral.of("/xmrig(-notls)?$", 3), "an optional group is not required");
        assertNull(RegexLiteral.of("/(xmrig|minerd)$", 3), "alternation has no single required literal");
        assertEquals("/tmp/", RegexLiteral.of("/tmp/[a-z]+", 3));
        assertEquals("abc", RegexLiteral.of("abcd?", 3), "an optional last char is not required");
        assertNull(RegexLiteral.of("(?i)x", 3));
    }

    /** The index must find exactly what trying every regex finds, on the real community list. */
    @Test
    void indexAgreesWithBruteForceOnCommunityFileNameIocs() throws IOException {
        Path file = SharedRules.signatureBase().resolve("iocs/filename-iocs.txt");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no ../shared/rules snapshot");
        List<String> problems = new ArrayList<>();
        List<WeightedPattern> patterns = WeightedPatterns.parse(DataFileReader.read(file), true, problems).all();
        PatternIndex index = new PatternIndex(patterns);
        System.out.println(patterns.size() + " file-name patterns, " + index.unindexedCount() + " without a literal");

        List<String> paths = new ArrayList<>(List.of("C:\\Windows\\System32\\usbclass.sys", "/tmp/wnTKYg",
                "C:\\Users\\x\\AppData\\Local\\Temp\\mimikatz.exe", "/usr/lib/mysql/.sh"));
        try (Stream<Path> walk = Files.walk(Path.of("/usr/bin"))) {
            walk.limit(800).forEach(p -> paths.add(p.toString()));
        }
        for (String path : paths) {
            List<WeightedPattern> brute = patterns.stream().filter(p -> p.matches(path)).toList();
            assertEquals(brute.size(), index.matching(path).size(), path);
            assertTrue(index.matching(path).containsAll(brute), path);
        }
        assertTrue(index.unindexedCount() < patterns.size() / 4, "most patterns must be indexable");
    }
}
