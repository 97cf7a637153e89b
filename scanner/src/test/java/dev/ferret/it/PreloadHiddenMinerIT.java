package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/threats.md#case-1, live: a libprocesshider-style library in /etc/ld.so.preload hides a CPU-burning miner
 * (comm ".sh") from ps, top and ls; the miner holds a connection to a pool on 127.0.0.1:3333.
 * Everything happens inside private pid, mount and network namespaces; /etc/ld.so.preload exists only in
 * the test's mount namespace.
 */
class PreloadHiddenMinerIT {
    private static final String HIDDEN_NAME = ".sh";

    @TempDir(factory = BuildDirTempDirs.class)
    Path work;

    @Test
    void ferretFindsTheMinerThatPsCannotSee() {
        Namespace.require("gcc", "ip", "mountpoint");
        Path bin = work.resolve("bin");
        bin.toFile().mkdirs();
        Gcc.sharedLibrary(bin, "processhider.c", "libprocesshider.so", "-DHIDE_NAME=\"" + HIDDEN_NAME + "\"");
        Gcc.compile(bin, "fakeminer.c", "fakeminer");

        ScriptResult run = Namespace.run(work, "preload-hidden-miner.sh",
                Map.of("BIN", bin.toString(), "HIDDEN_NAME", HIDDEN_NAME), Duration.ofSeconds(240)).succeeded();
        int miner = run.pid("MINER_PID");
        int pool = run.pid("POOL_PID");
        String hider = run.fact("HIDER");

        // the plant works: the kernel runs the miner, ps and ls (both preloaded) do not show it
        assertEquals(HIDDEN_NAME, run.fact("MINER_COMM"), run.toString());
        assertEquals("yes", run.fact("MINER_IN_KERNEL"), run.toString());
        assertEquals("no", run.fact("MINER_IN_PS"), "the preload must hide the miner from ps\n" + run);
        assertEquals("no", run.fact("MINER_IN_LS"), "the preload must hide the miner from ls /proc\n" + run);
        assertEquals("yes", run.fact("POOL_IN_PS"), "ps must still list unhidden processes\n" + run);
        assertEquals("yes", run.fact("MINER_STILL_RUNNING"), "the miner must outlive the scan\n" + run);
        assertEquals(hider, run.fact("PRELOAD"), run.toString());

        FerretRun ferret = run.ferret();
        assertEquals(1, ferret.exitCode(), "findings at or above high must exit 1\n" + ferret);
        Report report = ferret.report();
        System.out.println("[PreloadHiddenMinerIT] findings:\n" + report.describe());

        JsonNode hidden = report.require("linux.hidden-process", "for the planted pid " + miner,
                f -> Report.pid(f) == miner);
        assertTrue(Report.atLeastHigh(hidden), "a hidden process is at least high: " + Report.summary(hidden));
        assertTrue(Report.reasons(hidden).stream().anyMatch(r -> r.contains("getdents64")),
                "the raw listing shows it: the hook is in user space\n" + Report.summary(hidden));
        assertEquals(HIDDEN_NAME, hidden.at("/process/name").asText(), Report.summary(hidden));
        assertEquals(run.fact("MINER_EXE"), hidden.at("/process/executable").asText(), Report.summary(hidden));

        JsonNode preloaded = report.require("linux.scanner-preloaded", "naming " + hider,
                f -> hider.equals(f.at("/file/path").asText())
                        && Report.reasons(f).stream().anyMatch(r -> r.contains(hider)));

        JsonNode pooled = report.require("network.pool-connection", "from pid " + miner + " to 127.0.0.1:3333",
                f -> Report.pid(f) == miner && "127.0.0.1".equals(f.at("/destination/ip").asText())
                        && f.at("/destination/port").asInt() == 3333);
        assertTrue(Report.reasons(pooled).stream().anyMatch(r -> r.contains("3333")), Report.summary(pooled));

        report.require("linux.hidden-socket-owner", "held by pid " + miner,
                f -> Report.pid(f) == miner && Report.reasons(f).stream().anyMatch(r -> r.contains("pid " + miner)));

        // the pool itself is visible: it must not be called hidden
        report.requireNone("linux.hidden-process", "for the visible pool pid " + pool, f -> Report.pid(f) == pool);

        // inside a child pid namespace host-wide CPU totals cannot be compared with the visible processes:
        // ferret must say so rather than blame the host's other processes' CPU on a rootkit
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("child pid namespace")), report.describe());
        assertEquals(0, report.findings("linux.unaccounted-cpu").size(), report.describe());

        // one story: the hidden process, its socket and its pool connection share a chain
        String chain = hidden.at("/ferret/chain").asText();
        assertEquals(chain, pooled.at("/ferret/chain").asText(), report.describe());
        // ... and the library in ferret's own process joins it (the miner maps the same file)
        assertEquals(chain, preloaded.at("/ferret/chain").asText(), report.describe());

        if (PersistenceRules.available()) {
            // conditional: only once the persistence collectors and detectors are in the scan catalog
            JsonNode preload = report.findingsWithRulePrefix(PersistenceRules.PREFIX).stream()
                    .filter(f -> Report.text(f).contains("/etc/ld.so.preload") && Report.text(f).contains(hider))
                    .findFirst().orElseThrow(() -> new AssertionError(
                            "expected a linux.persistence* finding about /etc/ld.so.preload naming " + hider + "\n"
                                    + report.describe()));
            assertTrue(Report.atLeastHigh(preload), Report.summary(preload));
            assertTrue(Report.reasons(hidden).stream().anyMatch(r -> r.contains("/etc/ld.so.preload loads")),
                    "the hidden-process finding cites the preload entry\n" + Report.summary(hidden));
        }
    }
}
