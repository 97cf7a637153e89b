package dev.ferret.model.windows;

/**
 * A Windows Firewall profile (Domain, Private = "Standard" in the registry, Public).
 *
 * @param enabled              EnableFirewall, after group policy
 * @param defaultInboundBlock  inbound connections without an allow rule are blocked (the default)
 * @param source               where the decisive setting came from ("policy" or "local")
 */
public record FirewallProfile(String name, boolean enabled, boolean defaultInboundBlock, String source) {
}
