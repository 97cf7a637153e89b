package dev.ferret.model.windows;

import java.util.List;

/**
 * One Windows Firewall rule from its registry form ({@code v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|...}).
 *
 * @param protocol        6 TCP, 17 UDP, or null for any
 * @param localPorts      LPort values ("445", "135-139", "RPC"), empty for any port
 * @param remoteAddresses RA4/RA6 values ("LocalSubnet", "10.0.0.0/8"), empty for any address
 * @param profiles        Domain, Private, Public; empty for all
 */
public record FirewallRule(String id, String name, boolean active, boolean inbound, boolean allow, Integer protocol,
                           List<String> localPorts, List<String> remoteAddresses, List<String> profiles,
                           String application, String source) {
    public FirewallRule {
        localPorts = List.copyOf(localPorts);
        remoteAddresses = List.copyOf(remoteAddresses);
        profiles = List.copyOf(profiles);
    }
}
