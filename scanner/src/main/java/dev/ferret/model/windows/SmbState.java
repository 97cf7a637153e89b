package dev.ferret.model.windows;

import java.util.List;

/**
 * What decides a host's MS17-010 exposure, collected once per host.
 *
 * @param os                the Windows version, null when unknown
 * @param srvSysPath        the SMBv1 server driver (%SystemRoot%\System32\drivers\srv.sys)
 * @param srvSysPresent     the driver file exists (absent: the SMBv1 server is not installed)
 * @param srvSysVersion     its fixed file version, null when unreadable
 * @param smb1Enabled       SMBv1 server enabled (true/false), null when undeterminable
 * @param smb1Evidence      the registry facts behind smb1Enabled
 * @param profiles          firewall profiles
 * @param rules             active inbound firewall rules that concern ports 135-139 and 445 (or all ports)
 */
public record SmbState(OsVersion os, String srvSysPath, boolean srvSysPresent, String srvSysVersion,
                       Boolean smb1Enabled, String smb1Evidence, List<FirewallProfile> profiles,
                       List<FirewallRule> rules, ProbeResult doublePulsar) {
    public SmbState {
        profiles = List.copyOf(profiles);
        rules = List.copyOf(rules);
    }
}
