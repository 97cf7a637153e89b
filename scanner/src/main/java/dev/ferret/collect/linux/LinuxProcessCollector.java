package dev.ferret.collect.linux;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.model.Coverage;
import dev.ferret.model.CpuAccounting;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessViews;
import dev.ferret.model.Snapshot;
import dev.ferret.os.linux.LinuxException;
import dev.ferret.os.linux.LinuxKernel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Processes of the running host, with three independent views of which exist (libc readdir of /proc,
 * raw getdents64, and probing every pid number) and CPU use sampled over a window, both per process
 * and host-wide, so the detectors can see what is hidden.
 */
public final class LinuxProcessCollector implements Collector {
    /** USER_HZ: the unit of /proc tick counters; 100 on every mainstream Linux architecture. */
    static final long TICKS_PER_SECOND = 100;
    private static final String AREA = ProcessReader.AREA;
    /** PROC_PID_INIT_INO: the fixed inode number of the initial pid namespace. */
    private static final long INITIAL_PID_NAMESPACE_INODE = 0xEFFFFFFCL;

    private final Path proc;

    public LinuxProcessCollector() {
        this(Path.of("/proc"));
    }

    LinuxProcessCollector(Path proc) {
        this.proc = proc;
    }

    @Override
    public String area() {
        return AREA;
    }

    @Override
    public boolean liveOnly() {
        return true;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        LinuxKernel kernel = LinuxKernel.open();
        KernelStat before;
        try {
            before = KernelStat.read(proc);
        } catch (IOException e) {
            coverage.gap(AREA, "/proc/stat unreadable: " + e.getMessage(), null);
            return;
        }
        Accounts accounts = Accounts.read(snapshot.hostPath("/etc/passwd"));
        ProcessReader reader = new ProcessReader(proc, accounts, before.bootTime(), TICKS_PER_SECOND, coverage);

        Set<Integer> listed = libcListing(coverage);
        Set<Integer> raw = rawListing(kernel, coverage);
        Set<Integer> probed = probe(kernel, reader, listed, raw, coverage);
        Set<Integer> all = new TreeSet<>(listed);
        all.addAll(raw);
        all.addAll(probed);

        // host-wide totals are taken at the window's edges, not before the listings and the probe: the probe
        // itself can cost seconds of CPU (pid_max is 4194304 in a child pid namespace) that no window covers
        KernelStat windowStart = before;
        try {
            windowStart = KernelStat.read(proc);
        } catch (IOException e) {
            // keep the first reading
        }
        Map<Integer, Long> ticks0 = ticks(reader, all);
        long nanos0 = System.nanoTime();
        sleep(options.cpuWindow().toMillis());
        // processes born during the window count from zero
        Set<Integer> listedAfter = libcListing(coverage);
        all.addAll(listedAfter);
        Map<Integer, Long> ticks1 = ticks(reader, all);
        double window = (System.nanoTime() - nanos0) / 1e9;
        KernelStat after;
        try {
            after = KernelStat.read(proc);
        } catch (IOException e) {
            after = windowStart;
        }

        int self = (int) ProcessHandle.current().pid();
        List<ProcessInfo> processes = new ArrayList<>();
        long visibleTicks = 0;
        for (int pid : all) {
            Long t1 = ticks1.get(pid);
            if (t1 == null) {
                coverage.count(AREA, "vanished during scan");
                continue;
            }
            long delta = Math.max(0, t1 - ticks0.getOrDefault(pid, 0L));
            if (listed.contains(pid) || listedAfter.contains(pid)) {
                visibleTicks += delta;
            }
            double cpu = delta * 100.0 / (TICKS_PER_SECOND * window);
            ProcessInfo info = reader.read(pid, cpu, options.mappings() || pid == self);
            if (info == null) {
                continue;
            }
            if (pid == self) {
                snapshot.scanner(info);
            } else {
                processes.add(info);
            }
        }
        coverage.add(AREA, "processes", processes.size());
        snapshot.addProcesses(processes);

        Set<Integer> stillHidden = recheck(kernel, reader, all, listed, listedAfter, coverage);
        snapshot.views(new ProcessViews(listed, raw, probed, stillHidden, kernel != null));
        snapshot.cpu(new CpuAccounting(window, Math.max(0, after.busyTicks() - windowStart.busyTicks()), visibleTicks,
                TICKS_PER_SECOND, Runtime.getRuntime().availableProcessors(), nestedPidNamespace()));
    }

    /** What ps and top see: the libc directory listing, which a preload rootkit filters. */
    private Set<Integer> libcListing(Coverage coverage) {
        Set<Integer> pids = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                Integer pid = pidOf(entry.getFileName().toString());
                if (pid != null) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            coverage.gap(AREA, "/proc not listable: " + e.getMessage(), null);
        }
        return pids;
    }

    private Set<Integer> rawListing(LinuxKernel kernel, Coverage coverage) {
        Set<Integer> pids = new HashSet<>();
        if (kernel == null) {
            coverage.gap(AREA, "raw /proc listing unavailable on this platform", null);
            return pids;
        }
        try {
            for (String name : kernel.listDirectory(proc.toString())) {
                Integer pid = pidOf(name);
                if (pid != null) {
                    pids.add(pid);
                }
            }
        } catch (LinuxException e) {
            coverage.gap(AREA, "raw /proc listing failed: " + e.getMessage(), null);
        }
        return pids;
    }

    /**
     * Every pid number up to pid_max, asked of the kernel. Thread ids answer too; those not already listed
     * are kept only when they lead their thread group.
     */
    private Set<Integer> probe(LinuxKernel kernel, ProcessReader reader, Set<Integer> listed, Set<Integer> raw,
                               Coverage coverage) {
        if (kernel == null) {
            return new HashSet<>();
        }
        int pidMax = pidMax();
        // ~0.45 µs a probe: 4 million pids take ~1.8 s on one core, so the range is split across cores
        Set<Integer> found = java.util.stream.IntStream.rangeClosed(1, pidMax).parallel()
                .filter(kernel::taskExists)
                .filter(pid -> listed.contains(pid) || raw.contains(pid) || reader.tgid(pid) == pid)
                .boxed().collect(java.util.stream.Collectors.toSet());
        coverage.add(AREA, "pids probed", pidMax);
        return found;
    }

    /** Hidden candidates looked at again: drops processes that were born or died during the scan. */
    private Set<Integer> recheck(LinuxKernel kernel, ProcessReader reader, Set<Integer> all, Set<Integer> listed,
                                 Set<Integer> listedAfter, Coverage coverage) {
        Set<Integer> candidates = new TreeSet<>(all);
        candidates.removeAll(listed);
        candidates.removeAll(listedAfter);
        if (candidates.isEmpty()) {
            return Set.of();
        }
        Set<Integer> listedAgain = libcListing(coverage);
        Set<Integer> hidden = new TreeSet<>();
        for (int pid : candidates) {
            boolean alive = kernel != null ? kernel.taskExists(pid) : Files.exists(proc.resolve(Integer.toString(pid)));
            if (alive && !listedAgain.contains(pid) && reader.tgid(pid) == pid) {
                hidden.add(pid);
            }
        }
        return hidden;
    }

    private Map<Integer, Long> ticks(ProcessReader reader, Set<Integer> pids) {
        Map<Integer, Long> result = new HashMap<>();
        for (int pid : pids) {
            ProcStat stat = reader.stat(pid);
            if (stat != null) {
                result.put(pid, stat.cpuTicks());
            }
        }
        return result;
    }

    private int pidMax() {
        try {
            return Integer.parseInt(ProcFiles.read(proc.resolve("sys/kernel/pid_max")).strip());
        } catch (IOException | NumberFormatException e) {
            return 4_194_304; // the kernel's upper limit for pid_max on 64-bit
        }
    }

    /**
     * True when this process lives in a child pid namespace and so sees only part of the host. NSpid lists
     * one pid per namespace level only when /proc was mounted by an ancestor namespace; a container or
     * {@code unshare --mount-proc} mounts its own /proc, so the namespace's inode is checked too: the initial
     * pid namespace always has inode 0xEFFFFFFC (PROC_PID_INIT_INO).
     */
    private boolean nestedPidNamespace() {
        try {
            String ns = Files.readSymbolicLink(proc.resolve("self/ns/pid")).toString();
            if (ns.startsWith("pid:[") && !ns.equals("pid:[" + INITIAL_PID_NAMESPACE_INODE + "]")) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // older kernels or no permission: NSpid below decides
        }
        try {
            for (String line : ProcFiles.read(proc.resolve("self/status")).split("\n")) {
                if (line.startsWith("NSpid:")) {
                    return line.substring(6).strip().split("\\s+").length > 1;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static Integer pidOf(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return null;
            }
        }
        return Integer.valueOf(name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
