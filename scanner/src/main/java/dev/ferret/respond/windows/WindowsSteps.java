package dev.ferret.respond.windows;

import dev.ferret.model.ProcessRef;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.List;
import java.util.Map;

/** The steps Windows plans share, each with its cmd.exe and PowerShell commands. */
final class WindowsSteps {
    /** The evidence folder on the responder's kit, in PowerShell. */
    static final String STORE = "$Store";

    private WindowsSteps() {
    }

    /**
     * A step; its cmd.exe line is left out when the target holds what cmd.exe expands or ends a quoted word at
     * (%, !, ", a control character): the PowerShell literal names it exactly, a cmd.exe line could name another.
     */
    static Step step(StepKind kind, Origin o, String reason, String target, String cmd, String ps, String refusal,
                     boolean manual, Action action) {
        return o.step(kind, reason, target, target == null || Shell.cmdSafe(target) ? cmd : null, ps, refusal, manual,
                action);
    }

    static Step disableService(Origin o, String name, String reason) {
        return step(StepKind.PERSISTENCE, o, reason, "service " + name,
                "sc.exe stop " + Shell.cmd(name) + "\nsc.exe config " + Shell.cmd(name) + " start= disabled",
                "Stop-Service -Name " + Shell.ps(name) + " -Force -ErrorAction SilentlyContinue\nSet-Service -Name "
                        + Shell.ps(name) + " -StartupType Disabled", null, false,
                new Action.WindowsOperation("disable-service", name, Map.of("service", name)));
    }

    static Step evidence(Origin o, String path) {
        return step(StepKind.EVIDENCE, o, "keep " + path + " (content, hashes, owner, times) before it is changed: "
                + o.reason(), path, "certutil -hashfile " + Shell.cmd(path) + " SHA256 && copy " + Shell.cmd(path)
                + " \"%STORE%\\\"", "Get-FileHash -Algorithm SHA256 -LiteralPath " + Shell.ps(path) + "; Get-Item "
                + "-LiteralPath " + Shell.ps(path) + " | Select-Object FullName, Length, CreationTimeUtc, "
                + "LastWriteTimeUtc; Copy-Item -LiteralPath " + Shell.ps(path) + " -Destination " + STORE, null, false,
                new Action.CaptureFile(path));
    }

    static Step notice(Origin o, String text) {
        return step(StepKind.NOTICE, o, text, null, null, null, null, true, new Action.Notice(text));
    }

    static Step block(Origin o, String ip) {
        String name = "ferret: block " + ip;
        String ps = "New-NetFirewallRule -DisplayName " + Shell.ps(name + " (out)") + " -Direction Outbound "
                + "-Action Block -RemoteAddress " + ip + "\nNew-NetFirewallRule -DisplayName " + Shell.ps(name
                + " (in)") + " -Direction Inbound -Action Block -RemoteAddress " + ip;
        String cmd = "netsh advfirewall firewall add rule name=" + Shell.cmd(name + " (out)") + " dir=out "
                + "action=block remoteip=" + ip + "\nnetsh advfirewall firewall add rule name=" + Shell.cmd(name
                + " (in)") + " dir=in action=block remoteip=" + ip;
        return step(StepKind.BLOCK, o, "drop traffic to and from " + ip + ": " + o.reason(), ip, cmd, ps, null, false,
                new Action.WindowsOperation("firewall-block", ip, Map.of("remoteAddress", ip)));
    }

    static Step blockSmb(Origin smb) {
        String ps = "New-NetFirewallRule -DisplayName 'ferret: block SMB/RPC inbound (tcp)' -Direction Inbound "
                + "-Action Block -Protocol TCP -LocalPort 135,139,445\nNew-NetFirewallRule -DisplayName "
                + "'ferret: block SMB/RPC inbound (udp)' -Direction Inbound -Action Block -Protocol UDP -LocalPort "
                + "137,138";
        String cmd = "netsh advfirewall firewall add rule name=\"ferret: block SMB/RPC inbound (tcp)\" dir=in "
                + "action=block protocol=TCP localport=135,139,445\nnetsh advfirewall firewall add rule "
                + "name=\"ferret: block SMB/RPC inbound (udp)\" dir=in action=block protocol=UDP localport=137,138";
        return step(StepKind.BLOCK, smb, smb.reason(), "inbound tcp/135,139,445 udp/137,138", cmd, ps, null, false,
                new Action.BlockInbound(List.of(135, 139, 445), List.of(137, 138)));
    }

    static Step quarantine(Origin o, String path) {
        return step(StepKind.QUARANTINE, o, "move " + path + " into the quarantine store: " + o.reason(), path,
                "move " + Shell.cmd(path) + " " + Shell.cmd("%STORE%\\"), "Move-Item -LiteralPath " + Shell.ps(path)
                        + " -Destination " + STORE, WindowsGuard.fileRefusal(path).orElse(null), false,
                new Action.WindowsOperation("quarantine", path, Map.of("path", path)));
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

    static ProcessTarget target(ProcessRef p) {
        return new ProcessTarget(p.pid(), p.ppid(), p.name(), p.executable(), p.commandLine(), null,
                ProcessTarget.Role.MEMBER, -1);
    }

    static String describe(ProcessRef p) {
        return "pid " + p.pid() + (p.name() != null ? " (" + p.name() + ")" : "")
                + (p.executable() != null ? " " + p.executable() : "");
    }
}
