package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.FirewallProfile;
import dev.ferret.model.windows.FirewallRule;
import dev.ferret.model.windows.OsVersion;
import dev.ferret.model.windows.ProbeResult;
import dev.ferret.model.windows.SmbState;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.FileVersionInfo;
import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.WindowsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts behind a host's MS17-010 verdict: the Windows version, the SMBv1 server driver (srv.sys) and its file
 * version, whether the SMBv1 server is enabled, the firewall profiles and the inbound rules for 135-139 and 445,
 * and (when asked for, and only when something listens on 445) the local DoublePulsar probe. Runs after the socket
 * collector; the listeners themselves are in the snapshot's sockets.
 */
public final class WindowsSmbCollector extends WindowsCollector {
    static final String AREA = "network";
    static final String FIREWALL = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy";
    static final String FIREWALL_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";
    static final String LANMAN = WindowsServiceCollector.SERVICES + "\\LanmanServer\\Parameters";
    static final int[] SMB_PORTS = {135, 137, 138, 139, 445};

    private final boolean probe;

    /**
     * @param probe run the local DoublePulsar probe (an SMB conversation with the host's own server on 127.0.0.1)
     */
    public WindowsSmbCollector(WindowsSources sources, boolean probe) {
        super(AREA, sources);
        this.probe = probe;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        String root = env.systemRoot();
        OsVersion os = os(sources.registry(), coverage);
        facts.os(os);
        String srv = root + "\\System32\\drivers\\srv.sys";
        boolean present = sources.files().readable(srv);
        String version = null;
        if (present) {
            try {
                version = sources.files().version(srv).map(FileVersionInfo::fileVersion).orElse(null);
            } catch (WindowsException e) {
                coverage.gap(AREA, "srv.sys version unreadable: " + e.getMessage(), srv);
            }
        }
        StringBuilder evidence = new StringBuilder();
        Boolean smb1 = smb1(present, os, evidence);
        List<FirewallProfile> profiles = profiles(coverage);
        List<FirewallRule> rules = rules(coverage);
        boolean listening = snapshot.sockets().stream().anyMatch(s -> s.protocol().equals("tcp") && s.listening()
                && s.local().port() == 445);
        ProbeResult doublePulsar;
        if (!probe) {
            doublePulsar = ProbeResult.notRun("the DoublePulsar probe was not requested");
        } else if (!listening) {
            doublePulsar = ProbeResult.notRun("nothing listens on TCP 445");
        } else if (Boolean.FALSE.equals(smb1)) {
            doublePulsar = ProbeResult.notRun("the SMBv1 server is disabled (the implant lives in its driver)");
        } else {
            doublePulsar = sources.smbProbe().probe();
            coverage.count(AREA, "DoublePulsar probes");
        }
        facts.smb(new SmbState(os, srv, present, version, smb1, evidence.toString(), profiles, rules, doublePulsar));
    }

    static OsVersion os(RegistrySource registry, Coverage coverage) {
        Map<String, RegistryValue> v;
        try {
            v = registry.values(WindowsEnvironment.CURRENT_VERSION);
        } catch (WindowsException e) {
            coverage.gap(AREA, "Windows version unreadable: " + e.getMessage(), WindowsEnvironment.CURRENT_VERSION);
            return null;
        }
        if (v.isEmpty()) {
            coverage.gap(AREA, "Windows version unreadable: key missing", WindowsEnvironment.CURRENT_VERSION);
            return null;
        }
        Long major = WindowsServiceCollector.number(v, "CurrentMajorVersionNumber");
        Long minor = WindowsServiceCollector.number(v, "CurrentMinorVersionNumber");
        if (major == null) {
            String cv = WindowsServiceCollector.text(v, "CurrentVersion"); // "6.1" before Windows 10
            if (cv != null && cv.contains(".")) {
                try {
                    major = Long.parseLong(cv.substring(0, cv.indexOf('.')));
                    minor = Long.parseLong(cv.substring(cv.indexOf('.') + 1));
                } catch (NumberFormatException e) {
                    major = null;
                }
            }
        }
        Long build = WindowsServiceCollector.number(v, "CurrentBuildNumber");
        if (build == null) {
            build = WindowsServiceCollector.number(v, "CurrentBuild");
        }
        Long ubr = WindowsServiceCollector.number(v, "UBR");
        if (major == null || build == null) {
            coverage.gap(AREA, "Windows version incomplete in the registry", WindowsEnvironment.CURRENT_VERSION);
            return null;
        }
        return new OsVersion(major.intValue(), minor == null ? 0 : minor.intValue(), build.intValue(),
                ubr == null ? -1 : ubr.intValue(), WindowsServiceCollector.text(v, "ProductName"),
                WindowsServiceCollector.text(v, "InstallationType"), WindowsServiceCollector.text(v, "CSDVersion"));
    }

    /**
     * The SMBv1 server's state: no srv.sys means the component is not installed; the srv driver disabled
     * (Start=4) or LanmanServer's SMB1=0 turn it off; otherwise it is on (the default before Windows 10 1709).
     */
    private Boolean smb1(boolean srvSysPresent, OsVersion os, StringBuilder evidence) {
        if (!srvSysPresent) {
            evidence.append("srv.sys is absent: the SMBv1 server component is not installed");
            return false;
        }
        try {
            Long start = WindowsServiceCollector.number(sources.registry().values(WindowsServiceCollector.SERVICES
                    + "\\srv"), "Start");
            if (start != null && start == 4) {
                evidence.append("the srv driver (SMBv1 server) is disabled (Start=4)");
                return false;
            }
            Long lanmanStart = WindowsServiceCollector.number(sources.registry().values(WindowsServiceCollector.SERVICES
                    + "\\LanmanServer"), "Start");
            if (lanmanStart != null && lanmanStart == 4) {
                evidence.append("the Server service (LanmanServer) is disabled");
                return false;
            }
            Long smb1 = WindowsServiceCollector.number(sources.registry().values(LANMAN), "SMB1");
            if (smb1 != null) {
                evidence.append(LANMAN).append(" SMB1=").append(smb1);
                return smb1 != 0;
            }
            evidence.append("srv.sys present and no SMB1 value under ").append(LANMAN)
                    .append(": SMBv1 is on by default");
            return true;
        } catch (WindowsException e) {
            evidence.append("SMBv1 settings unreadable: ").append(e.getMessage());
            return null;
        }
    }

    private List<FirewallProfile> profiles(Coverage coverage) {
        List<FirewallProfile> out = new ArrayList<>();
        String[][] names = {{"Domain", "DomainProfile", "DomainProfile"}, {"Private", "StandardProfile", "PrivateProfile"},
            {"Public", "PublicProfile", "PublicProfile"}};
        for (String[] n : names) {
            try {
                Map<String, RegistryValue> local = sources.registry().values(FIREWALL + "\\" + n[1]);
                Map<String, RegistryValue> policy = sources.registry().values(FIREWALL_POLICY + "\\" + n[2]);
                Long enabledPolicy = WindowsServiceCollector.number(policy, "EnableFirewall");
                Long enabledLocal = WindowsServiceCollector.number(local, "EnableFirewall");
                Long inboundPolicy = WindowsServiceCollector.number(policy, "DefaultInboundAction");
                Long inboundLocal = WindowsServiceCollector.number(local, "DefaultInboundAction");
                boolean enabled = Optional.ofNullable(enabledPolicy).or(() -> Optional.ofNullable(enabledLocal))
                        .map(x -> x != 0).orElse(true);
                boolean block = Optional.ofNullable(inboundPolicy).or(() -> Optional.ofNullable(inboundLocal))
                        .map(x -> x != 0).orElse(true);
                out.add(new FirewallProfile(n[0], enabled, block, enabledPolicy != null ? "policy" : "local"));
            } catch (WindowsException e) {
                coverage.gap(AREA, "firewall profile unreadable: " + e.getMessage(), n[0]);
            }
        }
        return out;
    }

    private List<FirewallRule> rules(Coverage coverage) {
        List<FirewallRule> out = new ArrayList<>();
        for (String[] source : new String[][] {{FIREWALL + "\\FirewallRules", "local"},
            {FIREWALL_POLICY + "\\FirewallRules", "policy"}}) {
            try {
                for (Map.Entry<String, RegistryValue> e : sources.registry().values(source[0]).entrySet()) {
                    FirewallRule r = FirewallRules.parse(e.getKey(), e.getValue().text(), source[1]);
                    if (r == null || !r.active() || !r.inbound()) {
                        continue;
                    }
                    for (int port : SMB_PORTS) {
                        if (FirewallRules.covers(r, port == 137 || port == 138 ? "udp" : "tcp", port)) {
                            out.add(r);
                            break;
                        }
                    }
                }
            } catch (WindowsException e) {
                coverage.gap(AREA, "firewall rules unreadable: " + e.getMessage(), source[0]);
            }
        }
        return out;
    }

    /** Sockets listening on the SMB and RPC ports (for reasons and tests). */
    public static List<SocketInfo> smbListeners(Snapshot snapshot) {
        List<SocketInfo> out = new ArrayList<>();
        for (SocketInfo s : snapshot.sockets()) {
            if (!s.listening()) {
                continue;
            }
            int p = s.local().port();
            boolean tcp = s.protocol().equals("tcp");
            if (tcp && (p == 135 || p == 139 || p == 445) || !tcp && (p == 137 || p == 138)) {
                out.add(s);
            }
        }
        return out;
    }
}
