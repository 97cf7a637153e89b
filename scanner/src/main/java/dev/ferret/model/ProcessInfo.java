package dev.ferret.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One process as collected. Fields a collector could not read are null (or empty lists), never guessed.
 *
 * @param exeDeleted the executable's file was removed after the process started
 * @param exeMemfd   the executable lives only in memory (memfd_create)
 * @param cpuPercent CPU use over the sampling window, 100 = one core busy; NaN when not sampled
 * @param environment only the variables that matter to detection (LD_PRELOAD, ...)
 * @param socketInodes inodes of the sockets among its open file descriptors
 */
public record ProcessInfo(
        int pid,
        int ppid,
        String name,
        String executable,
        boolean exeDeleted,
        boolean exeMemfd,
        List<String> arguments,
        String cwd,
        int uid,
        String user,
        Instant startTime,
        double cpuPercent,
        int threads,
        long rssKb,
        Map<String, String> environment,
        List<MemoryMapping> mappings,
        List<Long> socketInodes) {

    public ProcessInfo {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        socketInodes = socketInodes == null ? List.of() : List.copyOf(socketInodes);
    }

    /** The executable's path as it was, without the kernel's " (deleted)" suffix. */
    public String executablePath() {
        return executable;
    }

    /** The command line as one string, arguments joined by spaces (empty for kernel threads). */
    public String commandLine() {
        return String.join(" ", arguments);
    }

    /** Kernel threads have no executable and no command line. */
    public boolean isKernelThread() {
        return executable == null && arguments.isEmpty();
    }
}
