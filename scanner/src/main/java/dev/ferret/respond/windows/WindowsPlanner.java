package dev.ferret.respond.windows;

import dev.ferret.data.IpLiteral;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.model.ProcessRef;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ChainGroups;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import dev.ferret.respond.plan.Why;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ferret.respond.windows.WindowsSteps.step;

/**
 * The response plan for a Windows host, from a Windows scan's report. Its steps carry the PowerShell (and cmd.exe)
 * commands that do them; this build prints them and never executes them.
 * <p>
 * <b>A DLL injected into svchost.exe</b> (THREATS case 2: snmpstorsrv.dll) is never unloaded from the live process,
 * and a svchost.exe is never suspended or killed: it hosts other services. Instead: keep the DLL as evidence,
 * disable the service that registers it (its {@code Parameters\ServiceDll}), block the addresses it talks to,
 * schedule the DLL for deletion at the next reboot (MoveFileEx with MOVEFILE_DELAY_UNTIL_REBOOT), and tell the
 * responder that the reboot completes the cleanup.
 * <p>
 * What is never touched: {@link WindowsGuard}. Persistence entries are undone by their mechanism's
 * {@link WindowsPersistenceResponse}.
 */
public final class WindowsPlanner {
    private static final Pattern URL_HOST = Pattern.compile(
            "(?i)\\b(?:https?|ftp|tcp|stratum\\+(?:tcp|ssl|tls))://([0-9A-Za-z.-]+)(?::\\d+)?");

    /**
     * @param sameHost   true when the plan is made on the host it is for (only then can ferret's own pid be told)
     * @param selfPid    ferret's pid on that host, or -1
     */
    public record Context(String host, boolean sameHost, long selfPid) {
    }

    private final Context ctx;
    private final WindowsGuard guard;
    private final Map<PersistenceKind, WindowsPersistenceResponse> mechanisms = WindowsPersistenceResponse.all();

    public WindowsPlanner(Context ctx) {
        this.ctx = ctx;
        this.guard = new WindowsGuard(ctx);
    }

    /** A process to suspend and kill, or a refusal. */
    private record Proc(ProcessRef ref, String refusal, Origin origin) {
    }

    /** A DLL loaded into a shared svchost.exe. */
    private record Injected(String dll, ProcessRef host, Origin origin) {
    }

    /** What the selected findings ask the plan to act on. */
    private final class Items {
        final Map<Integer, Proc> procs = new LinkedHashMap<>();
        final Map<String, Injected> injected = new LinkedHashMap<>();
        final Map<String, Origin> files = new LinkedHashMap<>();
        final Map<String, Origin> systemFiles = new LinkedHashMap<>();
        final Map<PersistenceEntry, Origin> persistence = new LinkedHashMap<>();
        final Map<String, Origin> blocks = new LinkedHashMap<>();
        final Map<String, Origin> domains = new LinkedHashMap<>();
        final List<PersistenceEntry> allEntries = new ArrayList<>();
        Origin smb;

        void add(Finding f, List<String> chains) {
            ProcessRef p = f.process();
            String file = f.file() == null ? null : f.file().path();
            if (p != null && p.pid() >= 0 && WindowsGuard.isSvchost(p) && file != null
                    && !file.equalsIgnoreCase(p.executable()) && file.toLowerCase(Locale.ROOT).endsWith(".dll")) {
                injected.computeIfAbsent(file.toLowerCase(Locale.ROOT), k -> new Injected(file, p, new Origin()))
                        .origin().add(chains, f, Why.of(f));
                return;
            }
            if (p != null && p.pid() >= 0) {
                procs.computeIfAbsent(p.pid(), k -> new Proc(p, guard.refuse(p).orElse(null), new Origin()))
                        .origin().add(chains, f, Why.of(f));
                String exe = p.executable();
                if (exe != null && guard.refuse(p).isEmpty()) {
                    (WindowsPaths.systemPath(exe) ? systemFiles : files).computeIfAbsent(exe, k -> new Origin())
                            .add(chains, f, "executable of pid " + p.pid() + ": " + Why.of(f));
                }
            }
            if (file != null && WindowsPaths.isPath(file)) {
                files.computeIfAbsent(file, k -> new Origin()).add(chains, f, Why.of(f));
                systemFiles.remove(file);
            }
            if (f.persistence() != null) {
                persistence.computeIfAbsent(f.persistence(), k -> new Origin()).add(chains, f, Why.of(f));
            }
            if (f.destination() != null && IpLiteral.looksLikeAddress(f.destination().ip())
                    && blockable(f.destination().ip())) {
                blocks.computeIfAbsent(f.destination().ip(), k -> new Origin()).add(chains, f, Why.of(f));
            }
            for (String text : commandTexts(f)) {
                Matcher m = URL_HOST.matcher(text);
                while (m.find()) {
                    String host = m.group(1);
                    if (IpLiteral.looksLikeAddress(host)) {
                        if (blockable(host)) {
                            blocks.computeIfAbsent(host, k -> new Origin()).add(chains, f, host
                                    + " appears in '" + text + "'");
                        }
                    } else {
                        domains.computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new Origin()).add(chains,
                                f, host + " appears in '" + text + "'");
                    }
                }
            }
        }
    }

    public Plan plan(List<Finding> findings, PlanOptions options, String source, Instant now) {
        List<String> notes = new ArrayList<>();
        List<ChainGroups.Group> groups = ChainGroups.of(findings, fs -> {
            Set<String> keys = new HashSet<>();
            for (Finding f : fs) {
                if (f.process() != null) {
                    keys.add("pid:" + f.process().pid());
                }
                if (f.file() != null && f.file().path() != null) {
                    keys.add("file:" + f.file().path().toLowerCase(Locale.ROOT));
                }
            }
            return keys;
        });
        Items items = new Items();
        findings.stream().map(Finding::persistence).filter(e -> e != null).forEach(items.allEntries::add);
        List<String> acted = new ArrayList<>();
        for (ChainGroups.Group g : groups) {
            boolean selected = options.chains().isEmpty() ? g.worst().compareTo(options.minSeverity()) >= 0
                    : g.chains().stream().anyMatch(options.chains()::contains);
            if (!selected) {
                notes.add("chain " + String.join("+", g.chains()) + " (" + g.worst().label() + ", "
                        + g.strongest().ruleId() + ") left out: " + (options.chains().isEmpty()
                        ? "below --min-severity " + options.minSeverity().label() : "not named by --chain"));
                continue;
            }
            acted.addAll(g.chains());
            for (Finding f : g.findings()) {
                items.add(f, g.chains());
            }
            if (options.blockSmb() && items.smb == null) {
                items.smb = new Origin().add(g.chains(), null, "asked for with --block-smb: EternalBlue-style worms "
                        + "spread through 135, 137-139 and 445");
            }
        }
        // a file loaded into svchost is handled by the injected-DLL steps, and so is its host process
        items.injected.values().forEach(i -> items.files.remove(i.dll()));
        items.injected.values().forEach(i -> items.procs.remove(i.host().pid()));

        List<Step> out = steps(items);
        if (!items.procs.isEmpty() || !items.injected.isEmpty()) {
            notes.add("Windows plan: steps are printed with their PowerShell and cmd.exe commands; this build does not "
                    + "execute them. $Store stands for the evidence folder on the responder's kit.");
        }
        // evidence of persistence entries was added next to their removal: the plan order puts it first
        out.sort(Comparator.comparing(Step::kind));
        List<Step> kept = new ArrayList<>();
        for (Step s : out) {
            if (options.wants(s.kind()) || s.kind() == StepKind.NOTICE) {
                kept.add(s.withId("s" + (kept.size() + 1)));
            }
        }
        return new Plan(Platform.WINDOWS, ctx.host(), "C:\\", true, now, source, acted, kept, notes);
    }

    private List<Step> steps(Items items) {
        List<Step> out = new ArrayList<>();
        for (Injected i : items.injected.values()) {
            out.add(step(StepKind.SUSPEND, i.origin(), "svchost.exe (pid " + i.host().pid() + ") hosts " + i.dll()
                    + ": " + i.origin().reason(), "pid " + i.host().pid() + " (svchost.exe)", null, null,
                    "svchost.exe pid " + i.host().pid() + " hosts other services: never suspended or killed, and the "
                            + "DLL is never unloaded from it; the service is disabled and the DLL removed at reboot",
                    false, new Action.Signal(WindowsSteps.target(i.host()), "STOP")));
        }
        for (Proc p : items.procs.values()) {
            int pid = p.ref().pid();
            out.add(step(StepKind.SUSPEND, p.origin(), p.origin().reason(), WindowsSteps.describe(p.ref()),
                    "pssuspend.exe -accepteula " + pid, WindowsSteps.suspendPs(pid), p.refusal(), false,
                    new Action.Signal(WindowsSteps.target(p.ref()), "STOP")));
        }
        for (Injected i : items.injected.values()) {
            out.add(WindowsSteps.evidence(i.origin(), i.dll()));
        }
        for (Map.Entry<String, Origin> f : items.files.entrySet()) {
            if (WindowsGuard.fileRefusal(f.getKey()).isEmpty()) {
                out.add(WindowsSteps.evidence(f.getValue(), f.getKey()));
            }
        }
        Set<String> disabledServices = new HashSet<>();
        for (Injected i : items.injected.values()) {
            out.add(injectedService(i, items.allEntries, disabledServices));
        }
        for (Map.Entry<PersistenceEntry, Origin> e : items.persistence.entrySet()) {
            PersistenceEntry entry = e.getKey();
            out.addAll(mechanisms.getOrDefault(entry.mechanism(), mechanisms.get(PersistenceKind.OTHER))
                    .steps(entry, e.getValue(), disabledServices));
        }
        for (Map.Entry<String, Origin> b : items.blocks.entrySet()) {
            out.add(WindowsSteps.block(b.getValue(), b.getKey()));
        }
        if (items.smb != null) {
            out.add(WindowsSteps.blockSmb(items.smb));
        }
        for (Proc p : items.procs.values()) {
            if (p.refusal() == null) {
                int pid = p.ref().pid();
                out.add(step(StepKind.KILL, p.origin(), p.origin().reason(), WindowsSteps.describe(p.ref()),
                        "taskkill /F /PID " + pid, "Stop-Process -Id " + pid + " -Force", null, false,
                        new Action.Signal(WindowsSteps.target(p.ref()), "KILL")));
            }
        }
        for (Map.Entry<String, Origin> f : items.files.entrySet()) {
            out.add(WindowsSteps.quarantine(f.getValue(), f.getKey()));
        }
        for (Map.Entry<String, Origin> f : items.systemFiles.entrySet()) {
            out.add(step(StepKind.QUARANTINE, f.getValue(), f.getValue().reason(), f.getKey(), null, null,
                    f.getKey() + " is a Windows system file: never removed (run sfc /scannow if it may be replaced)",
                    false, new Action.WindowsOperation("quarantine", f.getKey(), Map.of("path", f.getKey()))));
        }
        for (Injected i : items.injected.values()) {
            out.add(step(StepKind.QUARANTINE, i.origin(), i.dll() + " is loaded in svchost.exe (pid " + i.host().pid()
                            + "): it cannot be moved while loaded, so it is deleted at the next reboot", i.dll(),
                    "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\" /v PendingFileRenameOperations"
                            + " /t REG_MULTI_SZ /d \"\\??\\" + i.dll() + "\\0\\0\" /f",
                    WindowsSteps.deleteAtRebootPs(i.dll()), null, false, new Action.WindowsOperation("delete-at-reboot",
                            i.dll(), Map.of("path", i.dll()))));
        }
        for (Map.Entry<String, Origin> d : items.domains.entrySet()) {
            out.add(step(StepKind.NOTICE, d.getValue(), "block " + d.getKey() + " at the DNS resolver or egress "
                    + "proxy (firewall rules take addresses, not names): " + d.getValue().reason(), d.getKey(), null,
                    null, null, true, new Action.Notice("block " + d.getKey() + " at the resolver or proxy")));
        }
        if (!items.injected.isEmpty()) {
            Origin o = items.injected.values().iterator().next().origin();
            out.add(step(StepKind.NOTICE, o, "reboot the host to complete the cleanup: the injected DLL stays loaded in "
                    + "svchost.exe until then, and is deleted during the restart", "reboot", "shutdown /r /t 0",
                    "Restart-Computer", null, true, new Action.Notice("reboot to complete the cleanup")));
        }
        return out;
    }

    /** Disables the service whose ServiceDll is the injected DLL, or tells how to find it. */
    private Step injectedService(Injected i, List<PersistenceEntry> entries, Set<String> disabledServices) {
        Optional<String> service = entries.stream().filter(e -> e.mechanism() == PersistenceKind.WINDOWS_SERVICE
                        && e.command() != null && WindowsPaths.sameFile(e.command(), i.dll()))
                .map(e -> WindowsPaths.serviceName(e.path())).filter(s -> s != null).findFirst();
        if (service.isPresent()) {
            disabledServices.add(service.get().toLowerCase(Locale.ROOT));
            return WindowsSteps.disableService(i.origin(), service.get(), "the service " + service.get()
                    + " registers " + i.dll() + " (ServiceDll): disabled so the next start does not load it");
        }
        String lookup = "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\*\\Parameters' "
                + "-ErrorAction SilentlyContinue | Where-Object { $_.ServiceDll -like " + Shell.ps("*"
                + WindowsPaths.fileName(i.dll())) + " } | Select-Object PSParentPath, ServiceDll";
        return step(StepKind.PERSISTENCE, i.origin(), "find the service whose Parameters\\ServiceDll is "
                + i.dll() + " and disable it (Set-Service -StartupType Disabled): the findings do not name it",
                i.dll(), null, lookup, null, true, new Action.Notice("find and disable the service that "
                        + "registers " + i.dll()));
    }

    private static List<String> commandTexts(Finding f) {
        List<String> t = new ArrayList<>();
        if (f.persistence() != null && f.persistence().command() != null) {
            t.add(f.persistence().command());
        }
        if (f.process() != null && f.process().commandLine() != null) {
            t.add(f.process().commandLine());
        }
        return t;
    }

    private static boolean blockable(String ip) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(IpLiteral.bytes(ip));
            return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress());
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
