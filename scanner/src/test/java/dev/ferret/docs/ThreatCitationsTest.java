package dev.ferret.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every citation of the incident cases resolves: a link into docs/threats.md names one of its anchors, and
 * the older "THREATS case N" spelling names a case that exists there.
 */
class ThreatCitationsTest {
    private static final Pattern LINK = Pattern.compile("docs/threats\\.md#([a-z0-9-]+)");
    private static final Pattern OLD = Pattern.compile("THREATS(?:\\.md)? cases? (\\d)");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([a-z0-9-]+)\"></a>");
    private static final Set<String> TEXT = Set.of("java", "txt", "yar", "md", "sh", "c", "json", "properties");

    private static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("docs/threats.md")) ? here : here.getParent();
    }

    @Test
    void everyCitationNamesAnAnchorOfTheThreatsPage() throws IOException {
        Path repo = repo();
        String page = Files.readString(repo.resolve("docs/threats.md"));
        Set<String> anchors = ANCHOR.matcher(page).results().map(m -> m.group(1)).collect(Collectors.toSet());
        for (int n = 1; n <= 6; n++) {
            assertTrue(anchors.contains("case-" + n), "docs/threats.md has no anchor case-" + n);
        }
        List<String> broken = new ArrayList<>();
        int citations = 0;
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(ThreatCitationsTest::source).toList()) {
                String text;
                try {
                    text = Files.readString(f);
                } catch (MalformedInputException e) {
                    continue; // binary fixture
                }
                Matcher link = LINK.matcher(text);
                while (link.find()) {
                    citations++;
                    if (!anchors.contains(link.group(1))) {
                        broken.add(repo.relativize(f) + ": #" + link.group(1));
                    }
                }
                Matcher old = OLD.matcher(text);
                while (old.find()) {
                    citations++;
                    if (!anchors.contains("case-" + old.group(1))) {
                        broken.add(repo.relativize(f) + ": " + old.group());
                    }
                }
            }
        }
        assertTrue(citations > 20, "the walk found the citations at all: " + citations);
        assertTrue(broken.isEmpty(), "citations that resolve to nothing: " + broken);
    }

    private static boolean source(Path f) {
        String s = f.toString();
        if (s.contains("/target/") || s.contains("/.git/") || s.contains("/node_modules/") || !Files.isRegularFile(f)) {
            return false;
        }
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && TEXT.contains(name.substring(dot + 1));
    }
}
