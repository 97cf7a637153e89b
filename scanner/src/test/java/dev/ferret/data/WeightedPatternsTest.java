package dev.ferret.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal prefilter of pattern lists finds exactly what trying every regex finds, on the shipped lists. */
class WeightedPatternsTest {

    @Test
    void groupsWithAlternativesStillLeaveTheirSurroundingsRequired() {
        assertEquals("stratum+", RegexLiteral.of("stratum\\+(tcp|ssl|tls)://", 3));
        assertEquals("\"coin\"", RegexLiteral.of("\"coin\"\\s*:\\s*\"(monero|xmr)\"", 3));
        assertEquals(null, RegexLiteral.of("xmrig|minerd", 3), "an alternation at the top leaves nothing certain");
    }

    @Test
    void prefilteredMatchingAgreesWithEveryRegexOnTheShippedLists() throws IOException {
        DetectionData data = DetectionData.builtIn();
        Map<String, WeightedPatterns> lists = Map.of("miner command lines", data.minerCommandLines(),
                "respawn loops", data.respawnLoops(), "persistence commands", data.persistenceCommands(),
                "suspicious paths", data.suspiciousPaths(), "miner config keys", data.minerConfigKeys());
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> sizeOf(f) < 1 << 20).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                texts.add(text);
                texts.add(text.toUpperCase(Locale.ROOT));
                texts.addAll(List.of(text.split("\n")));
            }
        }
        int matched = 0;
        for (var e : lists.entrySet()) {
            for (WeightedPattern p : e.getValue().all()) {
                // each pattern's own literal, in every case, inside noise: the prefilter must let it through
                String literal = RegexLiteral.of(p.pattern().pattern(), 3);
                if (literal != null) {
                    texts.add("x " + literal.toUpperCase(Locale.ROOT) + " y");
                }
            }
            for (String text : texts) {
                List<WeightedPattern> every = e.getValue().all().stream().filter(p -> p.matches(text)).toList();
                assertEquals(every, e.getValue().matching(text), e.getKey() + " on: " + abbreviate(text));
                matched += every.size();
            }
        }
        assertTrue(matched > 100, "the texts exercise the lists: " + matched + " matches");
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
