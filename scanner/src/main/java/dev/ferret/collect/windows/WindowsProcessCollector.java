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
        Map<Integer, Long> before = cpu(entries);
        long started = source.nanoTime();
        source.await(options.cpuWindow());
        Map<Integer, Long> after = cpu(entries);
        double window = Math.max(1e-3, (source.nanoTime() - started) / 1e9);

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
            double cpu = Double.NaN;
            Long t0 = before.get(e.pid());
            Long t1 = after.get(e.pid());
            if (t0 != null && t1 != null) {
                cpu = Math.max(0, t1 - t0) / 1e7 / window * 100.0;
            }
            List<String> arguments = d != null && d.commandLine() != null ? WindowsCommandLine.split(d.commandLine())
                    : List.of();
            ProcessInfo info = new ProcessInfo(e.pid(), e.parentPid(), e.exeName(),
                    d != null ? WindowsPaths.normalise(d.imagePath(), facts.systemRoot()) : null, false, false,
                    arguments, null, -1, d != null ? d.account() : null, d != null ? d.created() : null, cpu,
                    e.threads(), 0, Map.of(), List.of(), List.of());
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

    private Map<Integer, Long> cpu(List<ProcessEntry> entries) {
        Map<Integer, Long> times = new HashMap<>();
        for (ProcessEntry e : entries) {
            if (e.pid() == 0) {
                continue;
            }
            try {
                times.put(e.pid(), source.cpuTime(e.pid()));
            } catch (WindowsException x) {
                // not openable or gone: no CPU figure
            }
        }
        return times;
    }
}
