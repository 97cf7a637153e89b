package dev.ferret.os.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinuxKernelTest {
    private final LinuxKernel kernel = LinuxKernel.open();

    @Test
    void rawListingEqualsJavaListingOfARealDirectory(@TempDir Path dir) throws Exception {
        Set<String> expected = new HashSet<>();
        // enough entries to need several getdents64 calls with long names
        for (int i = 0; i < 3000; i++) {
            String name = "entry-" + i + "-" + "x".repeat(i % 40);
            Files.createFile(dir.resolve(name));
            expected.add(name);
        }
        Files.createDirectory(dir.resolve(".hidden"));
        expected.add(".hidden");
        assertNotNull(kernel);
        assertEquals(expected, new HashSet<>(kernel.listDirectory(dir.toString())));
    }

    @Test
    void rawProcListingContainsThisProcess() throws Exception {
        List<String> names = kernel.listDirectory("/proc");
        assertTrue(names.contains(Long.toString(ProcessHandle.current().pid())));
        assertTrue(names.contains("self"));
    }

    @Test
    void missingDirectoryIsAnError() {
        LinuxException e = assertThrows(LinuxException.class, () -> kernel.listDirectory("/no/such/dir"));
        assertEquals(2, e.errno());
    }

    @Test
    void probesLiveAndExitedProcesses() throws IOException, InterruptedException {
        assertTrue(kernel.taskExists((int) ProcessHandle.current().pid()));
        Process p = new ProcessBuilder("true").start();
        int pid = (int) p.pid();
        p.waitFor();
        // reaped by waitFor: the pid is gone unless it was reused in between, which /proc tells
        assertEquals(Files.exists(Path.of("/proc", Integer.toString(pid))), kernel.taskExists(pid));
        assertFalse(kernel.taskExists(Integer.MAX_VALUE - 1));
    }

    @Test
    void everyListedPidAnswersTheProbe() throws IOException {
        Set<Integer> listed;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            listed = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .map(Integer::valueOf).collect(Collectors.toSet());
        }
        long answered = listed.stream().filter(kernel::taskExists).count();
        // processes may exit between the listing and the probe; nearly all must answer
        assertTrue(answered >= listed.size() - 3, answered + " of " + listed.size());
    }
}
