package dev.ferret.respond.windows;

import dev.ferret.data.IpLiteral;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Severity;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ChainGroups;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <b>Never touched</b>: the Idle and System processes, csrss, wininit, smss, lsass, services, winlogon (when they
 * run from System32: a csrss.exe in a user's folder is malware wearing the name), ferret itself, and Windows'
 * own files in System32/SysWOW64/WinSxS unless a finding names the file itself.
 * <p>
 * <b>Persistence entries</b> are read in these shapes (kind, path, command):
 * <ul>
 * <li>{@code service} (or {@code windows-service}): path {@code HKLM\SYSTEM\CurrentControlSet\Services\NAME}
 * (optionally {@code \Parameters}), command the ImagePath or ServiceDll;</li>
 * <li>{@code run-key}: path the registry value, {@code HKLM\...\CurrentVersion\Run\VALUE}, command its data;</li>
 * <li>{@code scheduled-task}: path the task path ({@code \Folder\Task}, or its file under
 * {@code C:\Windows\System32\Tasks});</li>
 * <li>{@code startup-folder}: path the file; anything else becomes a notice.</li>
 * </ul>
 */
public final class WindowsPlanner {
    private static final Set<String> CRITICAL = Set.of("csrss.exe", "wininit.exe", "smss.exe", "lsass.exe",
            "services.exe", "winlogon.exe", "lsaiso.exe", "system", "registry", "memcompression", "idle",
            "secure system");
    private static final Set<String> CORE_FILES = Set.of("ntoskrnl.exe", "hal.dll", "ntdll.dll", "kernel32.dll",
            "kernelbase.dll", "user32.dll", "advapi32.dll", "lsass.exe", "csrss.exe", "winlogon.exe", "services.exe",
            "smss.exe", "wininit.exe", "svchost.exe", "explorer.exe");
    private static final Pattern URL_HOST = Pattern.compile(
            "(?i)\\b(?:https?|ftp|tcp|stratum\\+(?:tcp|ssl|tls))://([0-9A-Za-z.-]+)(?::\\d+)?");
    private static final Pattern SERVICE_KEY = Pattern.compile("(?i)\\\\Services\\\\([^\\\\]+)");
    private static final String STORE = "$Store";

    /**
     * @param sameHost   true when the plan is made on the host it is for (only then can ferret's own pid be told)
     * @param selfPid    ferret's pid on that host, or -1
     */
    public record Context(String host, boolean sameHost, long selfPid) {
    }

    private final Context ctx;

    public WindowsPlanner(Context ctx) {
        this.ctx = ctx;
    }

    private static final class Origin {
        final Set<String> chains = new LinkedHashSet<>();
        final Set<String> rules = new LinkedHashSet<>();
        String reason;

        Origin add(List<String> groupChains, Finding f, String why) {
            if (f != null && f.chain() != null) {
                chains.add(f.chain());
            } else {
                chains.addAll(groupChains);
            }
            if (f != null) {
                rules.add(f.ruleId());
            }
            if (reason == null) {
                reason = why;
            }
            return this;
        }
    }

    /** A process to suspend and kill, or a refusal. */
    private record Proc(ProcessRef ref, String refusal, Origin origin) {
    }

    /** A DLL loaded into a shared svchost.exe. */
    private record Injected(String dll, ProcessRef host, Origin origin) {
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
        Map<Integer, Proc> procs = new LinkedHashMap<>();
        Map<String, Injected> injected = new LinkedHashMap<>();
        Map<String, Origin> files = new LinkedHashMap<>();
        Map<String, Origin> systemFiles = new LinkedHashMap<>();
        Map<PersistenceEntry, Origin> persistence = new LinkedHashMap<>();
        Map<String, Origin> blocks = new LinkedHashMap<>();
        Map<String, Origin> domains = new LinkedHashMap<>();
        List<PersistenceEntry> allEntries = new ArrayList<>();
        findings.stream().map(Finding::persistence).filter(e -> e != null).forEach(allEntries::add);
        List<String> acted = new ArrayList<>();
        Origin smb = null;
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
                ProcessRef p = f.process();
                String file = f.file() == null ? null : f.file().path();
                if (p != null && p.pid() >= 0 && isSvchost(p) && file != null && !file.equalsIgnoreCase(p.executable())
                        && file.toLowerCase(Locale.ROOT).endsWith(".dll")) {
                    injected.computeIfAbsent(file.toLowerCase(Locale.ROOT), k -> new Injected(file, p, new Origin()))
                            .origin().add(g.chains(), f, why(f));
                    continue;
                }
                if (p != null && p.pid() >= 0) {
                    procs.computeIfAbsent(p.pid(), k -> new Proc(p, refuse(p).orElse(null), new Origin()))
                            .origin().add(g.chains(), f, why(f));
                    String exe = p.executable();
                    if (exe != null && refuse(p).isEmpty()) {
                        (systemPath(exe) ? systemFiles : files).computeIfAbsent(exe, k -> new Origin())
                                .add(g.chains(), f, "executable of pid " + p.pid() + ": " + why(f));
                    }
                }
                if (file != null && isPath(file)) {
                    files.computeIfAbsent(file, k -> new Origin()).add(g.chains(), f, why(f));
                    systemFiles.remove(file);
                }
                if (f.persistence() != null) {
                    persistence.computeIfAbsent(f.persistence(), k -> new Origin()).add(g.chains(), f, why(f));
                }
                if (f.destination() != null && IpLiteral.looksLikeAddress(f.destination().ip())
                        && blockable(f.destination().ip())) {
                    blocks.computeIfAbsent(f.destination().ip(), k -> new Origin()).add(g.chains(), f, why(f));
                }
                for (String text : commandTexts(f)) {
                    Matcher m = URL_HOST.matcher(text);
                    while (m.find()) {
                        String host = m.group(1);
                        if (IpLiteral.looksLikeAddress(host)) {
                            if (blockable(host)) {
                                blocks.computeIfAbsent(host, k -> new Origin()).add(g.chains(), f, host
                                        + " appears in '" + text + "'");
                            }
                        } else {
                            domains.computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new Origin()).add(g.chains(),
                                    f, host + " appears in '" + text + "'");
                        }
                    }
                }
            }
            if (options.blockSmb() && smb == null) {
                smb = new Origin().add(g.chains(), null, "asked for with --block-smb: EternalBlue-style worms spread "
                        + "through 135, 137-139 and 445");
            }
        }
        // a file loaded into svchost is handled by the injected-DLL steps, and so is its host process
        injected.values().forEach(i -> files.remove(i.dll()));
        injected.values().forEach(i -> procs.remove(i.host().pid()));

        List<Step> out = new ArrayList<>();
        for (Injected i : injected.values()) {
            out.add(step(StepKind.SUSPEND, i.origin(), "svchost.exe (pid " + i.host().pid() + ") hosts " + i.dll()
                    + ": " + i.origin().reason, "pid " + i.host().pid() + " (svchost.exe)", null, null,
                    "svchost.exe pid " + i.host().pid() + " hosts other services: never suspended or killed, and the "
                            + "DLL is never unloaded from it; the service is disabled and the DLL removed at reboot",
                    false, new Action.Signal(target(i.host()), "STOP")));
        }
        for (Proc p : procs.values()) {
            int pid = p.ref().pid();
            out.add(step(StepKind.SUSPEND, p.origin(), p.origin().reason, describe(p.ref()), "pssuspend.exe -accepteula "
                    + pid, suspendPs(pid), p.refusal(), false, new Action.Signal(target(p.ref()), "STOP")));
        }
        for (Injected i : injected.values()) {
            out.add(evidence(i.origin(), i.dll()));
        }
        for (Map.Entry<String, Origin> f : files.entrySet()) {
            if (fileRefusal(f.getKey()).isEmpty()) {
                out.add(evidence(f.getValue(), f.getKey()));
            }
        }
        Set<String> disabledServices = new HashSet<>();
        for (Injected i : injected.values()) {
            Optional<String> service = allEntries.stream().filter(e -> isService(e) && e.command() != null
                    && sameFile(e.command(), i.dll())).map(e -> serviceName(e.path())).filter(s -> s != null)
                    .findFirst();
            if (service.isPresent()) {
                disabledServices.add(service.get().toLowerCase(Locale.ROOT));
                out.add(disableService(i.origin(), service.get(), "the service " + service.get() + " registers "
                        + i.dll() + " (ServiceDll): disabled so the next start does not load it"));
            } else {
                String lookup = "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\*\\Parameters' "
                        + "-ErrorAction SilentlyContinue | Where-Object { $_.ServiceDll -like " + Shell.ps("*"
                        + fileName(i.dll())) + " } | Select-Object PSParentPath, ServiceDll";
                out.add(step(StepKind.PERSISTENCE, i.origin(), "find the service whose Parameters\\ServiceDll is "
                        + i.dll() + " and disable it (Set-Service -StartupType Disabled): the findings do not name it",
                        i.dll(), null, lookup, null, true, new Action.Notice("find and disable the service that "
                                + "registers " + i.dll())));
            }
        }
        for (Map.Entry<PersistenceEntry, Origin> e : persistence.entrySet()) {
            out.addAll(persistenceSteps(e.getKey(), e.getValue(), disabledServices));
        }
        for (Map.Entry<String, Origin> b : blocks.entrySet()) {
            String ip = b.getKey();
            String name = "ferret: block " + ip;
            String ps = "New-NetFirewallRule -DisplayName " + Shell.ps(name + " (out)") + " -Direction Outbound "
                    + "-Action Block -RemoteAddress " + ip + "\nNew-NetFirewallRule -DisplayName " + Shell.ps(name
                    + " (in)") + " -Direction Inbound -Action Block -RemoteAddress " + ip;
            String cmd = "netsh advfirewall firewall add rule name=" + Shell.cmd(name + " (out)") + " dir=out "
                    + "action=block remoteip=" + ip + "\nnetsh advfirewall firewall add rule name=" + Shell.cmd(name
                    + " (in)") + " dir=in action=block remoteip=" + ip;
            out.add(step(StepKind.BLOCK, b.getValue(), "drop traffic to and from " + ip + ": " + b.getValue().reason,
                    ip, cmd, ps, null, false, new Action.WindowsOperation("firewall-block", ip,
                            Map.of("remoteAddress", ip))));
        }
        if (smb != null) {
            String ps = "New-NetFirewallRule -DisplayName 'ferret: block SMB/RPC inbound (tcp)' -Direction Inbound "
                    + "-Action Block -Protocol TCP -LocalPort 135,139,445\nNew-NetFirewallRule -DisplayName "
                    + "'ferret: block SMB/RPC inbound (udp)' -Direction Inbound -Action Block -Protocol UDP -LocalPort "
                    + "137,138";
            String cmd = "netsh advfirewall firewall add rule name=\"ferret: block SMB/RPC inbound (tcp)\" dir=in "
                    + "action=block protocol=TCP localport=135,139,445\nnetsh advfirewall firewall add rule "
                    + "name=\"ferret: block SMB/RPC inbound (udp)\" dir=in action=block protocol=UDP localport=137,138";
            out.add(step(StepKind.BLOCK, smb, smb.reason, "inbound tcp/135,139,445 udp/137,138", cmd, ps, null, false,
                    new Action.BlockInbound(List.of(135, 139, 445), List.of(137, 138))));
        }
        for (Proc p : procs.values()) {
            if (p.refusal() == null) {
                int pid = p.ref().pid();
                out.add(step(StepKind.KILL, p.origin(), p.origin().reason, describe(p.ref()), "taskkill /F /PID " + pid,
                        "Stop-Process -Id " + pid + " -Force", null, false, new Action.Signal(target(p.ref()), "KILL")));
            }
        }
        for (Map.Entry<String, Origin> f : files.entrySet()) {
            String path = f.getKey();
            String refusal = fileRefusal(path).orElse(null);
            out.add(step(StepKind.QUARANTINE, f.getValue(), "move " + path + " into the quarantine store: "
                    + f.getValue().reason, path, "move " + Shell.cmd(path) + " " + Shell.cmd("%STORE%\\"),
                    "Move-Item -LiteralPath " + Shell.ps(path) + " -Destination " + STORE, refusal, false,
                    new Action.WindowsOperation("quarantine", path, Map.of("path", path))));
        }
        for (Map.Entry<String, Origin> f : systemFiles.entrySet()) {
            out.add(step(StepKind.QUARANTINE, f.getValue(), f.getValue().reason, f.getKey(), null, null,
                    f.getKey() + " is a Windows system file: never removed (run sfc /scannow if it may be replaced)",
                    false, new Action.WindowsOperation("quarantine", f.getKey(), Map.of("path", f.getKey()))));
        }
        for (Injected i : injected.values()) {
            out.add(step(StepKind.QUARANTINE, i.origin(), i.dll() + " is loaded in svchost.exe (pid " + i.host().pid()
                            + "): it cannot be moved while loaded, so it is deleted at the next reboot", i.dll(),
                    "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\" /v PendingFileRenameOperations"
                            + " /t REG_MULTI_SZ /d \"\\??\\" + i.dll() + "\\0\\0\" /f",
                    deleteAtRebootPs(i.dll()), null, false, new Action.WindowsOperation("delete-at-reboot", i.dll(),
                            Map.of("path", i.dll()))));
        }
        for (Map.Entry<String, Origin> d : domains.entrySet()) {
            out.add(step(StepKind.NOTICE, d.getValue(), "block " + d.getKey() + " at the DNS resolver or egress "
                    + "proxy (firewall rules take addresses, not names): " + d.getValue().reason, d.getKey(), null, null,
                    null, true, new Action.Notice("block " + d.getKey() + " at the resolver or proxy")));
        }
        if (!injected.isEmpty()) {
            Origin o = injected.values().iterator().next().origin();
            out.add(step(StepKind.NOTICE, o, "reboot the host to complete the cleanup: the injected DLL stays loaded in "
                    + "svchost.exe until then, and is deleted during the restart", "reboot", "shutdown /r /t 0",
                    "Restart-Computer", null, true, new Action.Notice("reboot to complete the cleanup")));
        }
        if (!procs.isEmpty() || !injected.isEmpty()) {
            notes.add("Windows plan: steps are printed with their PowerShell and cmd.exe commands; this build does not "
                    + "execute them. $Store stands for the evidence folder on the responder's kit.");
        }
        // evidence of persistence entries was added next to their removal: the plan order puts it first
        out.sort(java.util.Comparator.comparing(Step::kind));
        List<Step> kept = new ArrayList<>();
        for (Step s : out) {
            if (options.wants(s.kind()) || s.kind() == StepKind.NOTICE) {
                kept.add(s.withId("s" + (kept.size() + 1)));
            }
        }
        return new Plan(Platform.WINDOWS, ctx.host(), "C:\\", true, now, source, acted, kept, notes);
    }

    private List<Step> persistenceSteps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        List<Step> out = new ArrayList<>();
        String kind = e.kind().toLowerCase(Locale.ROOT);
        String path = e.path();
        switch (kind) {
            case "service", "windows-service" -> {
                String name = serviceName(path);
                if (name == null) {
                    out.add(notice(o, "review the service at " + path + " by hand: " + o.reason));
                } else if (disabledServices.add(name.toLowerCase(Locale.ROOT))) {
                    out.add(step(StepKind.EVIDENCE, o, "export the service's registry key before changing it",
                            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name,
                            "reg export \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name + "\" \"%STORE%\\service-"
                                    + name + ".reg\" /y",
                            "reg.exe export " + Shell.ps("HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name) + " "
                                    + "(Join-Path " + STORE + " " + Shell.ps("service-" + name + ".reg") + ") /y",
                            null, false, new Action.WindowsOperation("export-key", name, Map.of("key",
                                    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name))));
                    out.add(disableService(o, name, "stop and disable the service " + name + ": " + o.reason));
                }
            }
            case "run-key" -> {
                int cut = path.lastIndexOf('\\');
                String key = cut > 0 ? path.substring(0, cut) : path;
                String value = cut > 0 ? path.substring(cut + 1) : "";
                String psKey = psDrive(key);
                out.add(step(StepKind.EVIDENCE, o, "export the Run key before changing it", key,
                        "reg export " + Shell.cmd(key) + " \"%STORE%\\run-key.reg\" /y",
                        "reg.exe export " + Shell.ps(key) + " (Join-Path " + STORE + " 'run-key.reg') /y", null, false,
                        new Action.WindowsOperation("export-key", key, Map.of("key", key))));
                out.add(step(StepKind.PERSISTENCE, o, "remove the Run value " + value + " (" + e.command() + "): "
                        + o.reason, path, "reg delete " + Shell.cmd(key) + " /v " + Shell.cmd(value) + " /f",
                        "Remove-ItemProperty -LiteralPath " + Shell.ps(psKey) + " -Name " + Shell.ps(value), null,
                        false, new Action.WindowsOperation("remove-run-value", path, Map.of("key", key,
                                "value", value))));
            }
            case "scheduled-task" -> {
                String task = taskPath(path);
                int cut = task.lastIndexOf('\\');
                String folder = task.substring(0, cut + 1);
                String name = task.substring(cut + 1);
                out.add(step(StepKind.EVIDENCE, o, "export the task's XML before deleting it", task,
                        "schtasks /Query /TN " + Shell.cmd(task) + " /XML > \"%STORE%\\task-" + name + ".xml\"",
                        "Export-ScheduledTask -TaskName " + Shell.ps(name) + " -TaskPath " + Shell.ps(folder)
                                + " | Out-File (Join-Path " + STORE + " " + Shell.ps("task-" + name + ".xml") + ")",
                        null, false, new Action.WindowsOperation("export-task", task, Map.of("task", task))));
                out.add(step(StepKind.PERSISTENCE, o, "delete the scheduled task " + task + ": " + o.reason, task,
                        "schtasks /Delete /TN " + Shell.cmd(task) + " /F",
                        "Unregister-ScheduledTask -TaskName " + Shell.ps(name) + " -TaskPath " + Shell.ps(folder)
                                + " -Confirm:$false", null, false,
                        new Action.WindowsOperation("remove-task", task, Map.of("task", task))));
            }
            case "startup-folder" -> out.add(step(StepKind.PERSISTENCE, o, "take " + path + " out of the startup folder: "
                    + o.reason, path, "move " + Shell.cmd(path) + " \"%STORE%\\\"", "Move-Item -LiteralPath "
                    + Shell.ps(path) + " -Destination " + STORE, fileRefusal(path).orElse(null), false,
                    new Action.WindowsOperation("quarantine", path, Map.of("path", path))));
            default -> out.add(notice(o, "review the " + e.kind() + " entry " + e.location() + " by hand: " + o.reason));
        }
        return out;
    }

    private Step disableService(Origin o, String name, String reason) {
        return step(StepKind.PERSISTENCE, o, reason, "service " + name,
                "sc.exe stop " + Shell.cmd(name) + "\nsc.exe config " + Shell.cmd(name) + " start= disabled",
                "Stop-Service -Name " + Shell.ps(name) + " -Force -ErrorAction SilentlyContinue\nSet-Service -Name "
                        + Shell.ps(name) + " -StartupType Disabled", null, false,
                new Action.WindowsOperation("disable-service", name, Map.of("service", name)));
    }

    private Step evidence(Origin o, String path) {
        return step(StepKind.EVIDENCE, o, "keep " + path + " (content, hashes, owner, times) before it is changed: "
                + o.reason, path, "certutil -hashfile " + Shell.cmd(path) + " SHA256 && copy " + Shell.cmd(path)
                + " \"%STORE%\\\"", "Get-FileHash -Algorithm SHA256 -LiteralPath " + Shell.ps(path) + "; Get-Item "
                + "-LiteralPath " + Shell.ps(path) + " | Select-Object FullName, Length, CreationTimeUtc, "
                + "LastWriteTimeUtc; Copy-Item -LiteralPath " + Shell.ps(path) + " -Destination " + STORE, null, false,
                new Action.CaptureFile(path));
    }

    private Step notice(Origin o, String text) {
        return step(StepKind.NOTICE, o, text, null, null, null, null, true, new Action.Notice(text));
    }

    /** Why a process must not be suspended or killed on Windows, if it must not. */
    Optional<String> refuse(ProcessRef p) {
        String name = p.name() == null ? fileName(p.executable() == null ? "" : p.executable()) : p.name();
        String lower = name.toLowerCase(Locale.ROOT);
        if (p.pid() == 0 || p.pid() == 4) {
            return Optional.of("pid " + p.pid() + " is the " + (p.pid() == 0 ? "Idle" : "System")
                    + " process: never touched");
        }
        if (ctx.sameHost() && p.pid() == ctx.selfPid()) {
            return Optional.of("pid " + p.pid() + " is ferret itself");
        }
        boolean inSystem = p.executable() == null || systemPath(p.executable());
        if (CRITICAL.contains(lower) && inSystem) {
            return Optional.of(name + " is a critical Windows process: never suspended or killed (the host "
                    + "stops or reboots)");
        }
        if (isSvchost(p) && inSystem) {
            return Optional.of("svchost.exe pid " + p.pid() + " hosts other services: never suspended or killed "
                    + "blindly; disable the offending service instead");
        }
        return Optional.empty();
    }

    Optional<String> fileRefusal(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (CORE_FILES.contains(fileName(lower)) && systemPath(path)) {
            return Optional.of(path + " is a core Windows file: never removed (sfc /scannow repairs it)");
        }
        if (lower.startsWith("c:\\windows\\winsxs\\")) {
            return Optional.of(path + " is in the component store: never removed");
        }
        return Optional.empty();
    }

    private static boolean isSvchost(ProcessRef p) {
        String name = p.name() != null ? p.name() : p.executable() != null ? fileName(p.executable()) : "";
        return name.equalsIgnoreCase("svchost.exe") || name.equalsIgnoreCase("svchost");
    }

    static boolean systemPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT).replace('/', '\\');
        return lower.startsWith("c:\\windows\\system32\\") || lower.startsWith("c:\\windows\\syswow64\\")
                || lower.startsWith("c:\\windows\\winsxs\\") || lower.startsWith("\\systemroot\\");
    }

    private static boolean isPath(String path) {
        return path.length() > 3 && (path.charAt(1) == ':' || path.startsWith("\\\\"));
    }

    private static boolean isService(PersistenceEntry e) {
        String k = e.kind().toLowerCase(Locale.ROOT);
        return k.equals("service") || k.equals("windows-service");
    }

    static String serviceName(String keyPath) {
        Matcher m = SERVICE_KEY.matcher(keyPath);
        return m.find() ? m.group(1) : null;
    }

    private static boolean sameFile(String command, String dll) {
        String c = command.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        String d = dll.toLowerCase(Locale.ROOT);
        String expanded = c.replace("%systemroot%", "c:\\windows").replace("%windir%", "c:\\windows");
        return expanded.equals(d) || expanded.endsWith("\\" + fileName(d)) && c.contains(fileName(d));
    }

    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }

    static String taskPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\\system32\\tasks\\");
        String task = at >= 0 ? path.substring(at + "\\system32\\tasks".length()) : path;
        return task.startsWith("\\") ? task : "\\" + task;
    }

    static String psDrive(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        if (upper.startsWith("HKEY_LOCAL_MACHINE\\")) {
            return "HKLM:\\" + key.substring("HKEY_LOCAL_MACHINE\\".length());
        }
        if (upper.startsWith("HKEY_CURRENT_USER\\")) {
            return "HKCU:\\" + key.substring("HKEY_CURRENT_USER\\".length());
        }
        if (upper.startsWith("HKLM\\") || upper.startsWith("HKCU\\")) {
            return key.substring(0, 4) + ":" + key.substring(4);
        }
        if (upper.startsWith("HKU\\") || upper.startsWith("HKEY_USERS\\")) {
            return "Registry::HKEY_USERS\\" + key.substring(key.indexOf('\\') + 1);
        }
        return key;
    }

    static String suspendPs(int pid) {
        return "Add-Type -Namespace Ferret -Name Nt -MemberDefinition '[DllImport(\"ntdll.dll\")] public static "
                + "extern int NtSuspendProcess(IntPtr h);'; [Ferret.Nt]::NtSuspendProcess((Get-Process -Id " + pid
                + ").Handle)";
    }

    static String deleteAtRebootPs(String path) {
        return "Add-Type -Namespace Ferret -Name K32 -MemberDefinition '[DllImport(\"kernel32.dll\", SetLastError=true, "
                + "CharSet=CharSet.Unicode)] public static extern bool MoveFileEx(string a, string b, int f);'; "
                + "[Ferret.K32]::MoveFileEx(" + Shell.ps(path) + ", $null, 4)";
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

    private static ProcessTarget target(ProcessRef p) {
        return new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(), p.commandLine(), null,
                ProcessTarget.Role.MEMBER, -1);
    }

    private static String describe(ProcessRef p) {
        return "pid " + p.pid() + (p.name() != null ? " (" + p.name() + ")" : "")
                + (p.executable() != null ? " " + p.executable() : "");
    }

    private static Step step(StepKind kind, Origin o, String reason, String target, String cmd, String ps,
                             String refusal, boolean manual, Action action) {
        return new Step("", kind, List.copyOf(o.chains), List.copyOf(o.rules), reason, target, cmd, ps, refusal,
                manual, action);
    }

    static String why(Finding f) {
        String first = f.reasons().isEmpty() ? f.ruleName() : f.reasons().get(0).text();
        String t = first.strip().replaceAll("\\s+", " ");
        return f.ruleId() + " (" + Severity.ofScore(f.score()).label() + "): " + (t.length() > 200 ? t.substring(0, 197)
                + "..." : t);
    }
}
