package dev.ferret.respond.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malware named {@code bad\xff}, {@code evil<LF>x}, {@code a b$(touch x)} and {@code [x]*} (scenario
 * respond/hostile-names.sh, an offline image in private namespaces): the scan's report carries the exact bytes,
 * respond --report --apply quarantines exactly those four files and nothing else (their look-alikes stay, nothing
 * named x appears), the printed plan never breaks a command over lines, and undo restores the image exactly.
 */
@ExtendWith(ScenarioWork.class)
class HostileNamesIT {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void filesWithHostileNamesAreQuarantinedExactlyAndNothingElseChanges() throws Exception {
        Namespace.require("gcc");
        Path work = Namespace.work("hostile-names");
        Namespace.resource("miner.c", work);
        Namespace.Result r = Namespace.run(work, "hostile-names.sh", Duration.ofSeconds(120));
        System.out.println("[HostileNamesIT] " + r.facts());
        assertEquals("yes", r.fact("DONE"), r.toString());

        // the report keeps the readable text and the exact bytes of the name that is not UTF-8
        String bad = Base64.getEncoder().encodeToString(new byte[] {'/', 't', 'm', 'p', '/', 'b', 'a', 'd', (byte) 0xff});
        List<String> raws = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String line : r.file("report.jsonl").split("\n")) {
            JsonNode n = json.readTree(line);
            if (n.at("/event/kind").asText().equals("alert") && n.at("/file/path").isTextual()) {
                paths.add(n.at("/file/path").asText());
                if (n.at("/ferret/raw/file/path").isTextual()) {
                    raws.add(n.at("/ferret/raw/file/path").asText());
                }
            }
        }
        assertTrue(raws.contains(bad), "ferret.raw.file.path of /tmp/bad\\xff in " + raws + " / " + paths);
        assertTrue(paths.contains("/tmp/bad\uFFFD") && paths.contains("/tmp/evil\nx")
                && paths.contains("/tmp/a b$(touch x)") && paths.contains("/tmp/[x]*"), paths.toString());

        // the plan: one line per command, every command naming paths inside the image
        String plan = r.file("PLAN.out");
        for (String l : plan.split("\n")) {
            if (l.strip().startsWith("$ ")) {
                assertFalse(l.contains(" /tmp/"), "a command naming the analyst's own /tmp: " + l);
            }
        }
        assertTrue(plan.contains("bad\\xff") && plan.contains("evil\\x0ax"), plan);

        assertEquals(0, r.code("APPLY_EXIT"), r.file("APPLY.out") + r.file("APPLY.err"));
        int quarantined = 0;
        for (JsonNode o : json.readTree(r.file("APPLY.out")).path("results")) {
            assertTrue(o.path("result").asText().equals("done"), o.toString());
            if (o.path("kind").asText().equals("quarantine")) {
                quarantined++;
            }
        }
        assertEquals(4, quarantined, r.file("APPLY.out"));
        for (int i = 1; i <= 4; i++) {
            assertEquals("yes", r.fact("GONE_" + i), "planted file " + i + " still there\n" + r.file("APPLY.out"));
        }
        assertEquals("++++", r.fact("LOOKALIKES"), "a look-alike was touched");
        assertEquals("no", r.fact("INJECTED"));
        assertEquals(r.code("FILES_BEFORE") - 4, r.code("FILES_AFTER"));
        // the store's manifest names each file by its exact bytes, with the content that was found
        List<String> stored = new ArrayList<>();
        for (String line : r.file("store/manifest.jsonl").split("\n")) {
            JsonNode m = json.readTree(line);
            if (m.path("kind").asText().equals("quarantine")) {
                assertEquals(r.fact("ELF_SHA256"), m.path("sha256").asText(), line);
                stored.add(Base64.getEncoder().encodeToString(PathBytes.bytes(m.path("path").asText())));
            }
        }
        List<String> planted = new ArrayList<>();
        for (String name : List.of("/tmp/evil\nx", "/tmp/a b$(touch x)", "/tmp/[x]*")) {
            planted.add(Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
        }
        planted.add(bad);
        stored.sort(null);
        planted.sort(null);
        assertEquals(planted, stored);

        assertEquals(0, r.code("UNDO_EXIT"), r.file("UNDO.out") + r.file("UNDO.err"));
        assertEquals(new String(r.bytes("state-0.txt"), StandardCharsets.ISO_8859_1),
                new String(r.bytes("state-2.txt"), StandardCharsets.ISO_8859_1), "undo must restore the image exactly");
    }
}
