package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.WinProcessFacts;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.ProcessDetail;
import dev.ferret.os.windows.ProcessEntry;
import dev.ferret.os.windows.WindowsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Windows processes: the Toolhelp list joined to what each process answers when opened (image path, command line
 * from the PEB, account, session, integrity, start time), and CPU use sampled over the window. Processes that cannot
 * be opened (protected, access denied) are kept with their name and parent and counted in coverage: the lsass and
 * svchost checks need them even when their insides are closed.
 */
public final class WindowsProcessCollector extends WindowsCollector {
    static final String AREA = "processes";
    /** Kernel-side pseudo-processes no user-mode call can open: not a gap in coverage. */
    private static final Set<String> PSEUDO = Set.of("system", "registry", "memory compression", "secure system",
        "vmmem", "vmmem.exe");

    private final ProcessSource source;

    public WindowsProcessCollector(WindowsSources sources) {
        super(AREA, sources);
        this.source = sources.processes();
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        facts.systemRoot(sources.environment().systemRoot());
        if (source instanceof LiveWindowsSources live) {
            live.privilegeProblem().ifPresent(coverage::note);
        }
        List<ProcessEntry> entries;
        try {
            entries = source.processes();
        } catch (WindowsException e) {
            coverage.gap(AREA, "process list unavailable: " + e.getMessage(), null);
            return;
        }
        Map<Integer, long[]> before = cpu(entries);
        source.await(options.cpuWindow());
        Map<Integer, long[]> after = cpu(entries);

        int self = source.selfPid();
        List<ProcessInfo> processes = new ArrayList<>();
        for (ProcessEntry e : entries) {
            if (e.pid() == 0) {
                continue; // the System Idle Process is the idle loop, not a process
            }
            String who = e.pid() + " (" + e.exeName() + ")";
            ProcessDetail d = null;
            try {
                d = source.detail(e.pid());
            } catch (WindowsException x) {
                if (x.gone()) {
                    coverage.count(AREA, "vanished during scan");
                    continue;
                }
                if (e.pid() == 4 || PSEUDO.contains(e.exeName().toLowerCase(java.util.Locale.ROOT))) {
                    coverage.count(AREA, "kernel pseudo-processes (not openable by design)");
                } else {
                    coverage.gap(AREA, x.accessDenied() ? "process not openable (access denied or protected process)"
                            : "process not readable: " + x.getMessage(), who);
                }
            }
            if (d != null && d.limited()) {
                coverage.gap(AREA, "protected process: image path only (no command line, modules or memory)", who);
            }
            double cpu = cpuPercent(before.get(e.pid()), after.get(e.pid()));
            List<String> arguments = d != null && d.commandLine() != null ? WindowsCommandLine.split(d.commandLine())
                    : List.of();
            ProcessInfo info = new ProcessInfo(e.pid(), e.parentPid(), e.exeName(),
                    d != null ? WindowsPaths.normalise(d.imagePath(), facts.systemRoot()) : null, false, false,
                    arguments, null, d != null ? relativeId(d.userSid()) : -1, d != null ? d.account() : null,
                    d != null ? d.created() : null, cpu, e.threads(), d != null ? Math.max(0, d.workingSetKb()) : 0,
                    Map.of(), List.of(), List.of());
            if (d != null) {
                facts.addProcess(new WinProcessFacts(e.pid(), d.sessionId(), d.userSid(),
                        WinProcessFacts.integrityName(d.integrityRid()), d.wow64(), d.limited()));
            } else {
                facts.addProcess(new WinProcessFacts(e.pid(), -1, null, null, false, true));
            }
            if (e.pid() == self) {
                snapshot.scanner(info);
            } else {
                processes.add(info);
            }
        }
        coverage.add(AREA, "processes", processes.size());
        snapshot.addProcesses(processes);
    }

    /**
     * {CPU time in 100 ns, clock in ns} per pid. Each process keeps the moment it was sampled: opening every process
     * takes long enough (hundreds of ms on a busy host) that one window for all of them misstates each one's share.
     */
    private Map<Integer, long[]> cpu(List<ProcessEntry> entries) {
        Map<Integer, long[]> times = new HashMap<>();
        for (ProcessEntry e : entries) {
            if (e.pid() == 0) {
                continue;
            }
            try {
                long cpu = source.cpuTime(e.pid());
                times.put(e.pid(), new long[] {cpu, source.nanoTime()});
            } catch (WindowsException x) {
                // not openable or gone: no CPU figure
            }
        }
        return times;
    }

    /** Percent of one CPU (as on Linux) between two samples; NaN without both. */
    static double cpuPercent(long[] before, long[] after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        double seconds = Math.max(1e-3, (after[1] - before[1]) / 1e9);
        return Math.max(0, after[0] - before[0]) / 1e7 / seconds * 100.0;
    }

    /** The relative id (last sub-authority) of a SID: Windows' counterpart of a uid (18 = SYSTEM); -1 unknown. */
    static int relativeId(String sid) {
        if (sid == null || !sid.startsWith("S-")) {
            return -1;
        }
        try {
            long rid = Long.parseLong(sid.substring(sid.lastIndexOf('-') + 1));
            return rid <= Integer.MAX_VALUE ? (int) rid : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
