package dev.ferret.respond.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.respond.quarantine.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An offline image (--root) with THREATS case 1 and 5 persistence (scenario respond/offline.sh), applied inside
 * private namespaces: a cron.d line among CRLF lines, a preload rootkit, a copy-run-delete profile.d script and
 * the hidden binary it runs, made immutable. The immutable file is reported (with what to do about it) and every
 * other step still runs; once the flag is cleared, applying again finishes the job and changes nothing else;
 * undo restores the image exactly.
 */
@ExtendWith(ScenarioWork.class)
class OfflineImageIT {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void anImmutableFileIsReportedTheRestRunsAndUndoRestoresTheImage() throws Exception {
        Namespace.require("gcc", "chattr");
        Path work = Namespace.work("offline");
        Namespace.resource("miner.c", work);
        Namespace.Result r = Namespace.run(work, "offline.sh", Duration.ofSeconds(90));
        System.out.println("[OfflineImageIT] " + r.facts());
        assertEquals("yes", r.fact("DONE"), r.toString());
        boolean immutable = "yes".equals(r.fact("IMMUTABLE"));

        assertEquals(1, r.code("PLAN_EXIT"), r.file("PLAN.err"));
        assertEquals(r.file("state-0.txt"), r.file("state-1.txt"), "the plan changed the image");
        String plan = r.file("PLAN.out");
        assertTrue(plan.contains("offline image") && !plan.contains("kill -") && !plan.contains("iptables"), plan);

        JsonNode first = json.readTree(r.file("APPLY1.out"));
        List<String> failed = new ArrayList<>();
        first.path("results").forEach(o -> {
            if (o.path("result").asText().equals("failed")) {
                failed.add(o.path("target").asText() + ": " + o.path("message").asText());
            }
        });
        if (immutable) {
            assertEquals(3, r.code("APPLY1_EXIT"), "a failed step makes the run incomplete\n" + r.file("APPLY1.err"));
            assertEquals(1, failed.size(), failed.toString());
            assertTrue(failed.get(0).startsWith("/etc/.sh: kept a copy as objects/") && failed.get(0).contains(
                    "is immutable (chattr +i/+a): run chattr -i -a"), failed.get(0));
            try (Store store = Store.open(work.resolve("store"))) {
                JsonNode entry = store.audit().stream().filter(a -> "failed".equals(a.path("result").asText()))
                        .findFirst().orElseThrow();
                assertEquals("/etc/.sh", entry.path("target").asText());
                assertTrue(entry.path("error").asText().contains("immutable"), entry.toString());
            }
        } else {
            assertEquals(0, r.code("APPLY1_EXIT"), r.file("APPLY1.err"));
        }
        // every other step ran
        for (JsonNode o : first.path("results")) {
            String target = o.path("target").asText();
            if (!target.equals("/etc/.sh")) {
                assertEquals("done", o.path("result").asText(), o.toString());
            }
        }
        assertArrayEquals(("# sysstat\r\n*/10 * * * * root command -v debian-sa1 > /dev/null && debian-sa1 1 1\r\n"
                + "5 19 * * * root command -v debian-sa1 > /dev/null && debian-sa1 60 2").getBytes(StandardCharsets.UTF_8),
                r.bytes("sysstat.after"));
        assertEquals("", r.file("preload.after"));
        String applied = r.file("state-applied.txt");
        assertTrue(!applied.contains("/etc/profile.d/php.sh ") && !applied.contains("/libprocesshider.so "), applied);

        // the flag cleared, applying again finishes the job and touches nothing else
        assertEquals(0, r.code("APPLY2_EXIT"), r.file("APPLY2.err"));
        for (JsonNode o : json.readTree(r.file("APPLY2.out")).path("results")) {
            String result = o.path("result").asText();
            if (o.path("kind").asText().equals("quarantine") && o.path("target").asText().equals("/etc/.sh")
                    && immutable) {
                assertEquals("done", result, o.toString());
            } else {
                assertTrue(result.equals("already-done") || result.equals("skipped"), o.toString());
            }
        }
        assertTrue(!r.file("state-applied-2.txt").contains("/etc/.sh "));

        assertEquals(0, r.code("UNDO1_EXIT"), r.file("UNDO1.out") + r.file("UNDO1.err"));
        assertEquals(r.file("state-0.txt"), r.file("state-3.txt"), "undo must restore the image exactly");
        System.out.println("[OfflineImageIT] timings ms: plan " + r.fact("PLAN_MS") + ", apply " + r.fact("APPLY1_MS")
                + ", apply again " + r.fact("APPLY2_MS") + ", undo " + r.fact("UNDO1_MS"));
    }
}
