package dev.ferret.collect.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The live collectors against real processes and sockets of this machine. */
class LinuxCollectorsTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static Snapshot collectProcesses(double seconds) {
        Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
        new LinuxProcessCollector().collect(snapshot,
                new CollectOptions(Duration.ofMillis((long) (seconds * 1000)), true));
        return snapshot;
    }

    @Test
    void seesAChildWithItsCommandLineExecutableAndCpu() throws Exception {
        Process idle = start("sleep", "30");
        Process busy = start("sh", "-c", "while :; do :; done");
        Thread.sleep(200);
        long ticksBefore = cpuTicks(busy.pid());
        long wallBefore = System.nanoTime();
        Snapshot snapshot = collectProcesses(1.0);
        // the kernel's own account of the busy loop over the whole collection, which contains ferret's 1 s window
        double total = (System.nanoTime() - wallBefore) / 1e9;
        double truth = (cpuTicks(busy.pid()) - ticksBefore) / 100.0 * 100 / total;

        ProcessInfo sleeper = snapshot.process((int) idle.pid()).orElseThrow();
        assertEquals(List.of("sleep", "30"), sleeper.arguments());
        assertTrue(sleeper.executable().endsWith("/sleep"), sleeper.executable());
        assertEquals(ProcessHandle.current().pid(), sleeper.ppid());
        assertEquals("root".equals(System.getProperty("user.name")) ? "root" : System.getProperty("user.name"),
                sleeper.user());
        assertTrue(sleeper.cpuPercent() < 20, "sleep is idle: " + sleeper.cpuPercent());
        assertFalse(sleeper.mappings().isEmpty());

        ProcessInfo spinner = snapshot.process((int) busy.pid()).orElseThrow();
        // a busy loop gets a whole core on an idle machine and less on a loaded one: judged against what the
        // kernel counted for it meanwhile (clock ticks of 10 ms), not against a fixed share. The window lies inside
        // the whole collection, so its CPU time is at most all of the counted time and at least what is left after
        // the time outside the window at a full core (two ticks of slack each side).
        assumeTrue(truth >= 5, "the busy loop got only " + truth + "% of a core: this host is too busy to measure");
        double window = 1.0;
        double most = (truth * total + 2) / window;
        double least = (truth * total - 100 * (total - window) - 2) / window;
        assertTrue(spinner.cpuPercent() <= most && spinner.cpuPercent() >= least
                        && spinner.cpuPercent() > sleeper.cpuPercent(),
                "the busy loop burns CPU: ferret says " + spinner.cpuPercent() + "% over its 1 s window, the kernel "
                        + "counted " + truth + "% over the whole " + total + " s collection (so between " + least
                        + " and " + most + "), the sleeper " + sleeper.cpuPercent() + "%");

        assertTrue(snapshot.views().listed().contains((int) idle.pid()));
        assertTrue(snapshot.views().probed().contains((int) idle.pid()));
        assertTrue(snapshot.views().rawListed().contains((int) idle.pid()));
        assertTrue(snapshot.views().stillHidden().isEmpty(), "nothing is hidden here: " + snapshot.views().stillHidden());
        // the scanner is kept apart, not judged with the others
        assertTrue(snapshot.scanner().isPresent());
        assertTrue(snapshot.process((int) ProcessHandle.current().pid()).isEmpty());
        assertTrue(snapshot.cpu().orElseThrow().hostBusyTicks() > 0);
    }

    @Test
    void threadsAreNotReportedAsProcesses() throws IOException {
        Snapshot snapshot = collectProcesses(0.2);
        // this JVM has dozens of threads: kill(tid, 0) answers for each, but none is a process of its own
        List<Integer> threadIds;
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            threadIds = tasks.map(t -> Integer.valueOf(t.getFileName().toString()))
                    .filter(t -> t != ProcessHandle.current().pid()).toList();
        }
        assertTrue(threadIds.size() > 5);
        threadIds.forEach(t -> assertFalse(snapshot.views().probed().contains(t), "thread " + t + " taken for a process"));
        assertTrue(snapshot.views().stillHidden().isEmpty(), snapshot.views().stillHidden().toString());
    }

    @Test
    void deletedExecutableIsMarked(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path copy = dir.resolve("sleep-copy");
        java.nio.file.Files.copy(Path.of("/bin/sleep"), copy);
        copy.toFile().setExecutable(true);
        Process p = start(copy.toString(), "30");
        Thread.sleep(200);
        java.nio.file.Files.delete(copy);
        ProcessInfo info = collectProcesses(0.2).process((int) p.pid()).orElseThrow();
        assertTrue(info.exeDeleted());
        assertEquals(copy.toString(), info.executable());
    }

    @Test
    void socketsAreJoinedToTheirOwner() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            Snapshot snapshot = collectProcesses(0.2);
            new LinuxSocketCollector().collect(snapshot, CollectOptions.defaults());
            SocketInfo out = snapshot.sockets().stream()
                    .filter(s -> s.local().port() == client.getLocalPort() && s.remote().port() == server.getLocalPort())
                    .findFirst().orElseThrow();
            assertEquals(List.of((int) ProcessHandle.current().pid()), out.pids());
            assertTrue(accepted.isConnected());
        }
    }

    /** utime + stime of {@code pid} in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) throws java.io.IOException {
        String stat;
        // procfs reports size 0: read it as a stream, never with a size-based helper
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
            stat = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
