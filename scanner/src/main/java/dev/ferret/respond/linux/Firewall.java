package dev.ferret.respond.linux;

import dev.ferret.respond.Shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Address blocking with the host's own firewall tool: iptables (ip6tables for IPv6) when it is on the PATH, else
 * nft, else none (the commands are printed for the responder). Rules are inserted at the top of the chains so
 * an earlier ACCEPT cannot let the traffic through; each is checked first (-C / get element), so applying twice
 * adds nothing, and each addition is recorded with the command that deletes it.
 */
public final class Firewall {
    /** The tool in use. */
    public enum Tool { IPTABLES, NFT, NONE }

    /** One rule: how to check for it, add it and delete it. */
    public record Rule(String description, List<String> check, List<String> add, List<String> delete) {
    }

    static final String NFT_TABLE = "ferret";

    private final Tool tool;
    private final String binary;
    private final String binary6;

    private Firewall(Tool tool, String binary, String binary6) {
        this.tool = tool;
        this.binary = binary;
        this.binary6 = binary6;
    }

    public static Firewall detect(CommandRunner runner) {
        var iptables = runner.which("iptables");
        if (iptables.isPresent()) {
            return new Firewall(Tool.IPTABLES, iptables.get(), runner.which("ip6tables").orElse("ip6tables"));
        }
        var nft = runner.which("nft");
        if (nft.isPresent()) {
            return new Firewall(Tool.NFT, nft.get(), nft.get());
        }
        return new Firewall(Tool.NONE, "iptables", "ip6tables");
    }

    /** A fixed tool (tests, and printing). */
    public static Firewall of(Tool tool) {
        return switch (tool) {
            case IPTABLES, NONE -> new Firewall(tool, "iptables", "ip6tables");
            case NFT -> new Firewall(tool, "nft", "nft");
        };
    }

    public Tool tool() {
        return tool;
    }

    /** Commands that must run before any rule (nft: the table, sets and chains); idempotent. */
    public List<List<String>> setup() {
        if (tool != Tool.NFT) {
            return List.of();
        }
        return List.of(
                List.of(binary, "add", "table", "inet", NFT_TABLE),
                List.of(binary, "add", "set", "inet", NFT_TABLE, "blocked4", "{ type ipv4_addr; }"),
                List.of(binary, "add", "set", "inet", NFT_TABLE, "blocked6", "{ type ipv6_addr; }"),
                List.of(binary, "add", "set", "inet", NFT_TABLE, "blocked_tcp", "{ type inet_service; }"),
                List.of(binary, "add", "set", "inet", NFT_TABLE, "blocked_udp", "{ type inet_service; }"),
                List.of(binary, "add", "chain", "inet", NFT_TABLE, "output",
                        "{ type filter hook output priority -10; policy accept; }"),
                List.of(binary, "add", "chain", "inet", NFT_TABLE, "input",
                        "{ type filter hook input priority -10; policy accept; }"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "output", "ip", "daddr", "@blocked4", "drop"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "output", "ip6", "daddr", "@blocked6", "drop"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "input", "ip", "saddr", "@blocked4", "drop"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "input", "ip6", "saddr", "@blocked6", "drop"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "input", "tcp", "dport", "@blocked_tcp", "drop"),
                List.of(binary, "add", "rule", "inet", NFT_TABLE, "input", "udp", "dport", "@blocked_udp", "drop"));
    }

    /** The command that tells whether the setup was done already (nft: the table exists); null for none. */
    public List<String> setupDone() {
        return tool == Tool.NFT ? List.of(binary, "list", "table", "inet", NFT_TABLE) : null;
    }

    /** Rules dropping traffic to and from {@code ip}. */
    public List<Rule> block(String ip) {
        boolean v6 = ip.contains(":");
        if (tool == Tool.NFT) {
            String set = v6 ? "blocked6" : "blocked4";
            String element = "{ " + ip + " }";
            return List.of(new Rule("drop traffic to and from " + ip,
                    List.of(binary, "get", "element", "inet", NFT_TABLE, set, element),
                    List.of(binary, "add", "element", "inet", NFT_TABLE, set, element),
                    List.of(binary, "delete", "element", "inet", NFT_TABLE, set, element)));
        }
        String bin = v6 ? binary6 : binary;
        List<Rule> rules = new ArrayList<>();
        rules.add(iptables(bin, "drop outbound traffic to " + ip, "OUTPUT", "-d", ip, null, null));
        rules.add(iptables(bin, "drop inbound traffic from " + ip, "INPUT", "-s", ip, null, null));
        return rules;
    }

    /** Rules dropping inbound connections to these ports. */
    public List<Rule> blockInbound(List<Integer> tcp, List<Integer> udp) {
        List<Rule> rules = new ArrayList<>();
        for (String proto : List.of("tcp", "udp")) {
            List<Integer> ports = proto.equals("tcp") ? tcp : udp;
            for (int port : ports) {
                if (tool == Tool.NFT) {
                    String element = "{ " + port + " }";
                    String set = "blocked_" + proto;
                    rules.add(new Rule("drop inbound " + proto + "/" + port,
                            List.of(binary, "get", "element", "inet", NFT_TABLE, set, element),
                            List.of(binary, "add", "element", "inet", NFT_TABLE, set, element),
                            List.of(binary, "delete", "element", "inet", NFT_TABLE, set, element)));
                } else {
                    rules.add(iptables(binary, "drop inbound " + proto + "/" + port, "INPUT", null, null, proto,
                            Integer.toString(port)));
                }
            }
        }
        return rules;
    }

    private static Rule iptables(String bin, String description, String chain, String addrFlag, String ip,
                                 String proto, String port) {
        List<String> match = new ArrayList<>();
        if (addrFlag != null) {
            match.addAll(List.of(addrFlag, ip));
        }
        if (proto != null) {
            match.addAll(List.of("-p", proto, "--dport", port));
        }
        match.addAll(List.of("-j", "DROP"));
        List<String> check = new ArrayList<>(List.of(bin, "-C", chain));
        check.addAll(match);
        List<String> add = new ArrayList<>(List.of(bin, "-I", chain, "1"));
        add.addAll(match);
        List<String> delete = new ArrayList<>(List.of(bin, "-D", chain));
        delete.addAll(match);
        return new Rule(description, check, add, delete);
    }

    /** The shell lines a plan prints for these rules (setup included). */
    public String shell(List<Rule> rules) {
        List<String> lines = new ArrayList<>();
        for (List<String> s : setup()) {
            lines.add(Shell.join(s));
        }
        for (Rule r : rules) {
            lines.add(Shell.join(r.add()));
        }
        return String.join("\n", lines);
    }
}
