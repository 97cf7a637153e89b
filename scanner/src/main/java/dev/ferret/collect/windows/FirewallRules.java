package dev.ferret.collect.windows;

import dev.ferret.model.windows.FirewallRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Windows Firewall rules in their registry form, one value per rule under
 * {@code ...\SharedAccess\Parameters\FirewallPolicy\FirewallRules} (and the group-policy copy):
 * {@code v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=445|RA4=LocalSubnet|Name=...|}.
 * Keys may repeat (several profiles, ports, address ranges).
 */
public final class FirewallRules {
    private FirewallRules() {
    }

    /** The rule, or null when the text is not a rule ("v2.x|..." expected). */
    public static FirewallRule parse(String id, String text, String source) {
        if (text == null || !text.startsWith("v")) {
            return null;
        }
        String action = null;
        String name = null;
        String app = null;
        boolean active = true;
        boolean inbound = false;
        Integer protocol = null;
        List<String> ports = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        String[] fields = text.split("\\|");
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = fields[i].substring(0, eq);
            String v = fields[i].substring(eq + 1);
            switch (k) {
                case "Action" -> action = v;
                case "Active" -> active = v.equalsIgnoreCase("TRUE");
                case "Dir" -> inbound = v.equalsIgnoreCase("In");
                case "Protocol" -> {
                    try {
                        protocol = Integer.parseInt(v.strip());
                    } catch (NumberFormatException e) {
                        protocol = null;
                    }
                }
                case "LPort", "LPort2_10", "LPort2_20", "LPort2_24" -> ports.add(v);
                case "RA4", "RA6", "RA42", "RA62" -> remote.add(v);
                case "Profile" -> profiles.add(v);
                case "Name" -> name = v;
                case "App" -> app = v;
                default -> {
                    // descriptions, services, embedded contexts: not needed for exposure
                }
            }
        }
        if (action == null) {
            return null;
        }
        return new FirewallRule(id, name != null ? name : id, active, inbound, action.equalsIgnoreCase("Allow"),
                protocol, ports, remote, profiles, app, source);
    }

    /** True when the rule's protocol and local ports include this TCP/UDP port. */
    public static boolean covers(FirewallRule rule, String protocol, int port) {
        int number = protocol.equals("tcp") ? 6 : 17;
        if (rule.protocol() != null && rule.protocol() != number && rule.protocol() != 256 /* any */) {
            return false;
        }
        if (rule.localPorts().isEmpty()) {
            return true;
        }
        for (String spec : rule.localPorts()) {
            for (String part : spec.split(",")) {
                String p = part.strip();
                if (p.equalsIgnoreCase("RPC-EPMap") && port == 135 || p.equals("*")) {
                    return true;
                }
                int dash = p.indexOf('-');
                try {
                    if (dash > 0) {
                        int lo = Integer.parseInt(p.substring(0, dash));
                        int hi = Integer.parseInt(p.substring(dash + 1));
                        if (port >= lo && port <= hi) {
                            return true;
                        }
                    } else if (Integer.parseInt(p) == port) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // keywords such as RPC or IPHTTPS: not a fixed port
                }
            }
        }
        return false;
    }

    /** "any address", "the local subnet" or the listed scope, for reason texts. */
    public static String scope(FirewallRule rule) {
        if (rule.remoteAddresses().isEmpty() || rule.remoteAddresses().stream().anyMatch(a -> a.equals("*")
                || a.equalsIgnoreCase("Any"))) {
            return "any address";
        }
        if (rule.remoteAddresses().stream().allMatch(a -> a.equalsIgnoreCase("LocalSubnet"))) {
            return "the local subnet";
        }
        return String.join(", ", rule.remoteAddresses());
    }

    /** Reachable from other hosts at all (not loopback-only). */
    public static boolean remote(FirewallRule rule) {
        return rule.remoteAddresses().isEmpty() || rule.remoteAddresses().stream()
                .map(a -> a.toLowerCase(Locale.ROOT))
                .anyMatch(a -> !a.equals("127.0.0.1") && !a.equals("::1") && !a.equals("localhost"));
    }
}
