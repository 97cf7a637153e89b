package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A miner that does not hide: its command line names a Stratum pool and a donation level, it holds a
 * connection to the pool (127.0.0.1:3333 inside a private network namespace) and burns a core.
 * The three findings must tell one story: one chain.
 */
class PoolMinerIT {
    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void minerCommandLinePoolConnectionAndCpuBurnFormOneChain() {
        Namespace.require("gcc", "ip");
        Path bin = work.resolve("bin");
        bin.toFile().mkdirs();
        Gcc.compile(bin, "fakeminer.c", "fakeminer");

        ScriptResult run = Namespace.run(work, "pool-miner.sh", Map.of("BIN", bin.toString()),
                Duration.ofSeconds(240)).succeeded();
        int miner = run.pid("MINER_PID");
        assertEquals("yes", run.fact("MINER_IN_PS"), "nothing hides this miner\n" + run);

        FerretRun ferret = run.ferret();
        Report report = ferret.report();
        System.out.println("[PoolMinerIT] findings:\n" + report.describe());

        JsonNode cmd = report.require("process.miner-command-line", "for pid " + miner, f -> Report.pid(f) == miner);
        assertTrue(cmd.at("/process/command_line").asText().contains("stratum+tcp://127.0.0.1:3333 --donate-level 1"),
                Report.summary(cmd));
        assertTrue(Report.reasons(cmd).stream().anyMatch(r -> r.contains("stratum+tcp://")), Report.summary(cmd));
        assertTrue(Report.reasons(cmd).stream().anyMatch(r -> r.contains("--donate-level")), Report.summary(cmd));

        JsonNode pool = report.require("network.pool-connection", "from pid " + miner + " to 127.0.0.1:3333",
                f -> Report.pid(f) == miner && "127.0.0.1".equals(f.at("/destination/ip").asText())
                        && f.at("/destination/port").asInt() == 3333);

        String chain = cmd.at("/ferret/chain").asText();
        assertFalse(chain.isEmpty(), Report.summary(cmd));
        assertEquals(chain, pool.at("/ferret/chain").asText(), "one chain\n" + report.describe());

        // nothing here is hidden: no cross-view finding may fire
        assertEquals(0, report.findings("linux.hidden-process").size(), report.describe());
        report.requireNone("linux.hidden-socket-owner", "for the visible miner", f -> Report.pid(f) == miner);
        assertEquals(1, ferret.exitCode(), ferret.toString());

        // the burn: when ferret misses it, the script's own measurement of the miner's CPU time over the whole
        // scan (clock ticks of 10 ms) tells a miss from a host too busy to give the miner a core
        List<JsonNode> hogs = report.findings("process.cpu-hog").stream().filter(f -> Report.pid(f) == miner).toList();
        if (hogs.isEmpty()) {
            long percent = Long.parseLong(run.fact("MINER_CPU_TICKS")) * 10 * 100
                    / Math.max(1, Long.parseLong(run.fact("SCAN_WALL_MS")));
            Requirements.plantWorked(percent >= 85, "the miner got only " + percent
                    + "% of a core during the scan: this host is too busy to plant a CPU hog");
            fail("the miner burned " + percent + "% of a core throughout the scan, but no process.cpu-hog finding "
                    + "names pid " + miner + "\n" + report.describe());
        }
        JsonNode hog = hogs.get(0);
        assertEquals(chain, hog.at("/ferret/chain").asText(), "one chain\n" + report.describe());
    }
}
