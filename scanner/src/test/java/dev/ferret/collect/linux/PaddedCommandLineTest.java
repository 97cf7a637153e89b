package dev.ferret.collect.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.detect.process.MinerCommandLineDetector;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13: a miner whose options come after ~300 KB of argv padding. A real process in a private pid namespace
 * (unshare), read through the host's /proc: the whole command line is read and the miner check sees its options.
 */
class PaddedCommandLineTest {
    private Process started;

    @AfterEach
    void stop() {
        if (started != null) {
            started.destroyForcibly();
        }
    }

    @Test
    void optionsAfterThreeHundredKilobytesOfPaddingAreStillSeen() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare -p needs root");
        List<String> command = new ArrayList<>(List.of("unshare", "-p", "-f", "--kill-child", "sh", "-c",
                "sleep 60; :", "kworker/0:1"));
        for (int i = 0; i < 3; i++) {
            command.add("x".repeat(100_000)); // one argument may hold at most 128 KiB
        }
        command.addAll(List.of("-o", "stratum+tcp://127.0.0.1:3333", "--donate-level", "1", "padded-miner-marker"));
        started = new ProcessBuilder(command).start();
        Thread.sleep(300);
        assumeTrue(started.isAlive(), "unshare -p unavailable");

        Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
        new LinuxProcessCollector().collect(snapshot, new CollectOptions(Duration.ofMillis(100), false));
        ProcessInfo miner = snapshot.processes().stream()
                .filter(p -> p.arguments().size() > 5 && p.arguments().get(0).equals("sh")
                        && p.arguments().get(4).startsWith("xxxx"))
                .findFirst().orElseThrow(() -> new AssertionError("the padded shell is not in the snapshot"));
        assertTrue(miner.commandLine().length() > 300_000, "length " + miner.commandLine().length());
        assertTrue(miner.commandLine().endsWith("--donate-level 1 padded-miner-marker"),
                "the end of the command line was read");

        List<Finding> findings = new MinerCommandLineDetector().detect(snapshot, Fixture.context());
        assertTrue(findings.stream().anyMatch(f -> f.process().pid() == miner.pid()
                        && f.reasons().stream().anyMatch(r -> r.text().contains("stratum+tcp"))),
                "the miner check sees the options after the padding: " + findings);
    }
}
