package dev.ferret.detect.windows;

import dev.ferret.collect.windows.FirewallRules;
import dev.ferret.collect.windows.WindowsSmbCollector;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.FirewallProfile;
import dev.ferret.model.windows.FirewallRule;
import dev.ferret.model.windows.ProbeResult;
import dev.ferret.model.windows.SmbState;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * One MS17-010 verdict per host: BACKDOORED (the DoublePulsar implant answered), EXPOSED (srv.sys older than the
 * fixed build for this Windows, the SMBv1 server on, and 445 or 139 listening where the firewall lets other hosts
 * in), VULNERABLE (unpatched but SMBv1 off or unreachable), PATCHED or UNKNOWN. The srv.sys version decides, not
 * hotfix lists (rollups supersede them). The verdict is always written to coverage; a finding is made for every
 * verdict but PATCHED (and for PATCHED with SMBv1 still reachable, a low hardening one). The score is the
 * verdict's (a conjunction of facts, not a sum of hints).
 */
public final class Ms17010Detector implements Detector {
    static final String ID = "windows.ms17-010";
    private final WindowsDetectionData data;

    public Ms17010Detector() {
        this(WindowsDetectionData.builtIn());
    }

    Ms17010Detector(WindowsDetectionData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    /** A host's verdict. */
    public enum Verdict { BACKDOORED, EXPOSED, VULNERABLE, PATCHED, UNKNOWN }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        SmbState smb = WindowsFacts.find(snapshot).flatMap(WindowsFacts::smb).orElse(null);
        if (smb == null) {
            return List.of();
        }
        Ms17010Table.Verdict patch = data.ms17010().judge(smb.os(), smb.srvSysPresent() ? smb.srvSysVersion() : null);
        List<SocketInfo> listeners = WindowsSmbCollector.smbListeners(snapshot);
        List<SocketInfo> smbPorts = listeners.stream().filter(s -> s.protocol().equals("tcp")
                && (s.local().port() == 445 || s.local().port() == 139) && !loopback(s)).toList();
        List<String> openings = new ArrayList<>();
        boolean reachable = !smbPorts.isEmpty() && firewallAdmits(smb, openings);
        boolean vulnerable = smb.srvSysPresent() && (patch.state() == Ms17010Table.State.UNPATCHED
                || patch.state() == Ms17010Table.State.NO_UPDATE);
        boolean smb1On = !Boolean.FALSE.equals(smb.smb1Enabled());

        Verdict verdict;
        if (smb.doublePulsar().state() == ProbeResult.State.IMPLANT) {
            verdict = Verdict.BACKDOORED;
        } else if (vulnerable && smb1On && reachable) {
            verdict = Verdict.EXPOSED;
        } else if (vulnerable) {
            verdict = Verdict.VULNERABLE;
        } else if (!smb.srvSysPresent() || patch.state() == Ms17010Table.State.PATCHED
                || patch.state() == Ms17010Table.State.UNAFFECTED) {
            verdict = Verdict.PATCHED;
        } else {
            verdict = Verdict.UNKNOWN;
        }
        String summary = "MS17-010: " + verdict.name().toLowerCase(java.util.Locale.ROOT) + " ("
                + (smb.os() != null ? smb.os() + "; " : "") + (smb.srvSysPresent() ? patch.detail()
                : "no SMBv1 server driver") + "; SMBv1 " + (smb.smb1Enabled() == null ? "state unknown"
                : smb.smb1Enabled() ? "enabled" : "disabled") + "; " + (smbPorts.isEmpty() ? "nothing listens on 139/445"
                : reachable ? "139/445 reachable" : "139/445 firewalled") + "; DoublePulsar probe: "
                + smb.doublePulsar().state().name().toLowerCase(java.util.Locale.ROOT) + ")";
        snapshot.coverage().note(summary);

        Finding.Builder f = Finding.builder(ID, "MS17-010 (EternalBlue) verdict: " + verdict.name().toLowerCase(
                java.util.Locale.ROOT)).category("host", "network", "vulnerability")
                .technique(context.data().rules().rule(ID).technique("exploit-remote-services")).file(FileRef.of(smb.srvSysPath()));
        if (smb.doublePulsar().state() != ProbeResult.State.NOT_RUN) {
            f.reason("DoublePulsar probe: " + smb.doublePulsar().detail(), 0);
        }
        f.reason(smb.srvSysPresent() ? patch.detail() : "srv.sys is absent: the SMBv1 server is not installed", 0);
        f.reason("SMBv1 server " + (smb.smb1Enabled() == null ? "state unknown" : smb.smb1Enabled() ? "enabled"
                : "disabled") + (smb.smb1Evidence().isEmpty() ? "" : ": " + smb.smb1Evidence()), 0);
        for (SocketInfo s : listeners) {
            f.reason(s.protocol().toUpperCase(java.util.Locale.ROOT) + " " + s.local() + " listens"
                    + (s.pids().isEmpty() ? "" : " (pid " + s.pids().get(0) + ")"), 0);
        }
        openings.forEach(o -> f.reason(o, 0));
        if (!smbPorts.isEmpty() && !reachable) {
            f.reason("the firewall blocks inbound 139/445 in every profile (no allow rule, default inbound block)", 0);
        }
        if (!smbPorts.isEmpty()) {
            f.destination(new Endpoint(smbPorts.get(0).local().ip(), smbPorts.get(0).local().port()));
        }
        switch (verdict) {
            case BACKDOORED -> {
                f.score(data.rule(ID).weight("backdoored"));
                f.respond("the SMBv1 driver carries the DoublePulsar implant (kernel memory): isolate the host now; "
                        + "a reboot removes the implant but not what it installed, so rebuild or fully investigate it");
            }
            case EXPOSED -> f.score(data.rule(ID).weight("exposed"));
            case VULNERABLE -> f.score(data.rule(ID).weight("vulnerable"));
            case UNKNOWN -> f.score(data.rule(ID).weight("unknown"));
            case PATCHED -> {
                if (!(smb1On && reachable && smb.srvSysPresent())) {
                    return List.of();
                }
                f.score(data.rule(ID).weight("smb1-reachable"));
                f.respond("disable SMBv1 even though MS17-010 is installed: Set-SmbServerConfiguration "
                        + "-EnableSMB1Protocol $false (or HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer"
                        + "\\Parameters SMB1=0 and sc.exe config mrxsmb10 start= disabled)");
                return List.of(f.build());
            }
            default -> {
            }
        }
        if (verdict != Verdict.UNKNOWN && patch.row() != null) {
            f.respond("install MS17-010: " + patch.row().updates() + " (" + patch.row().name()
                    + "), or any later cumulative update");
        } else {
            f.respond("check srv.sys by hand: (Get-Item C:\\Windows\\System32\\drivers\\srv.sys).VersionInfo.FileVersion "
                    + "against Microsoft KB 4023262");
        }
        f.respond("disable SMBv1: Set-SmbServerConfiguration -EnableSMB1Protocol $false (Windows 8 / 2012 and later) "
                + "or HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters SMB1=0 (Windows 7 / 2008 R2), "
                + "then reboot");
        WinSupport.blockSmb(f);
        f.respond("change passwords of accounts used on this host, and look for the same exposure across the subnet");
        return List.of(f.build());
    }

    private static boolean loopback(SocketInfo s) {
        return s.local().ip().startsWith("127.") || s.local().ip().equals("::1");
    }

    /** Whether the firewall lets other hosts reach 139/445, with the reasons; adds one line per opening. */
    private static boolean firewallAdmits(SmbState smb, List<String> openings) {
        boolean open = false;
        for (FirewallProfile p : smb.profiles()) {
            if (!p.enabled()) {
                openings.add("the " + p.name() + " firewall profile is off (" + p.source() + " setting): every port "
                        + "is reachable when it applies");
                open = true;
            } else if (!p.defaultInboundBlock()) {
                openings.add("the " + p.name() + " firewall profile allows inbound connections by default");
                open = true;
            }
        }
        for (FirewallRule r : smb.rules()) {
            if (r.allow() && FirewallRules.remote(r) && (FirewallRules.covers(r, "tcp", 445)
                    || FirewallRules.covers(r, "tcp", 139))) {
                openings.add("firewall rule '" + r.name() + "' (" + r.source() + ") allows TCP "
                        + (r.localPorts().isEmpty() ? "any port" : String.join(",", r.localPorts())) + " from "
                        + FirewallRules.scope(r) + (r.profiles().isEmpty() ? "" : " in profile "
                        + String.join("/", r.profiles())));
                open = true;
            }
        }
        return open;
    }
}
