package dev.ferret.respond.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A respawn loop that restarts its miner through a subshell (scenario respond/respawner.sh, live in private pid and
 * mount namespaces): the miner is no longer the loop's child, yet the plan freezes the loop before the miner, the
 * apply kills both, and three loop periods later no miner has come back.
 */
@ExtendWith(ScenarioWork.class)
class RespawnLoopIT {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aLoopThatIsNoOnesParentIsStoppedWithTheMinerItRestarts() throws Exception {
        Namespace.require("gcc", "pgrep");
        Path work = Namespace.work("respawner");
        Namespace.resource("miner.c", work);
        Namespace.Result r = Namespace.run(work, "respawner.sh", Duration.ofSeconds(120));
        System.out.println("[RespawnLoopIT] " + r.facts());
        assertEquals("yes", r.fact("DONE"), r.toString());
        assertEquals("yes", r.fact("RESPAWNED"), "the loop must restart its miner for the test to mean anything");
        assertNotEquals(r.fact("LOOP"), r.fact("MINER_PPID"), "the miner must not be the loop's child");

        int loop = r.code("LOOP");
        int miner = r.code("MINER");
        JsonNode plan = json.readTree(r.file("PLAN.out")).path("plan");
        List<Integer> frozen = new ArrayList<>();
        String loopReason = null;
        for (JsonNode step : plan.path("steps")) {
            if (step.path("kind").asText().equals("suspend")) {
                int pid = step.at("/action/process/pid").asInt();
                frozen.add(pid);
                if (pid == loop) {
                    loopReason = step.path("reason").asText();
                }
            }
        }
        assertTrue(frozen.contains(loop) && frozen.contains(miner), "suspended " + frozen + "\n" + r.file("PLAN.out"));
        assertTrue(frozen.indexOf(loop) < frozen.indexOf(miner), "the loop is frozen first: " + frozen);
        assertTrue(loopReason.startsWith("respawner: its script /run/.sys/a/upd loops and names"), loopReason);

        assertEquals(0, r.code("APPLY_EXIT"), r.file("APPLY.out") + r.file("APPLY.err"));
        assertEquals("none", r.fact("MINER_AFTER"), "the miner came back\n" + r.file("procs-after.txt"));
        assertEquals("gone", r.fact("LOOP_AFTER"), r.file("procs-after.txt"));
    }
}
