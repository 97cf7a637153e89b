package dev.ferret.exposure;

import dev.ferret.model.Endpoint;
import dev.ferret.model.Finding;

import java.util.ArrayList;
import java.util.List;

/** One finding per host (rule {@value #RULE_ID}), and the terminal table. */
public final class ExposureFindings {
    public static final String RULE_ID = "network.smb-exposure";
    static final String T1210 = "T1210";

    private ExposureFindings() {
    }

    /** The verdict's score: backdoored and exposed page someone; unknown asks a person to look. */
    static int score(HostResult h) {
        return switch (h.verdict()) {
            case BACKDOORED -> 100;
            case EXPOSED -> 95;
            case VULNERABLE -> 75;
            case UNKNOWN -> 40;
            case PATCHED -> 30;
            case CLOSED -> 0;
        };
    }

    public static List<Finding> of(List<HostResult> hosts) {
        List<Finding> out = new ArrayList<>();
        int n = 0;
        for (HostResult h : hosts) {
            n++;
            Finding.Builder f = Finding.builder(RULE_ID, "SMB exposure of " + h.ip() + ": " + h.verdict().word())
                    .category("network", "vulnerability").technique(T1210).score(score(h));
            List<Integer> open = h.openPorts();
            int port = open.contains(445) ? 445 : open.contains(139) ? 139 : open.isEmpty()
                    ? (h.ports().isEmpty() ? 445 : h.ports().get(0).port()) : open.get(0);
            f.destination(new Endpoint(h.ip(), port));
            f.reason("verdict: " + h.verdict().word(), 0);
            h.reasons().forEach(r -> f.reason(r, 0));
            switch (h.verdict()) {
                case BACKDOORED -> f.respond("isolate " + h.ip() + " now: the DoublePulsar implant lives in kernel "
                        + "memory; a reboot removes it but not what it installed, so rebuild or fully investigate")
                        .respond("install MS17-010 and disable SMBv1 before it rejoins the network");
                case EXPOSED -> f.respond("install MS17-010 on " + h.ip() + " (or any later cumulative update)")
                        .respond("disable SMBv1 and block TCP 139/445 (and 135, UDP 137/138) between hosts")
                        .respond("run 'ferret scan' on " + h.ip() + ": the worm may already be there");
                case PATCHED -> f.respond("disable SMBv1 on " + h.ip() + " even though MS17-010 is installed");
                case UNKNOWN -> f.respond("check " + h.ip() + " by hand (srv.sys version, SMBv1 state) or run "
                        + "'ferret scan' there; consider blocking 139/445 between hosts");
                default -> {
                }
            }
            out.add(f.build().withChain("x" + n));
        }
        return out;
    }

    /** The terminal table: one line per host. */
    public static List<String> table(List<HostResult> hosts) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-16s %-10s %-14s %-6s %-10s %s", "HOST", "VERDICT", "OPEN", "SMBv1", "SMB2",
                "WHY"));
        for (HostResult h : hosts) {
            List<String> openList = new ArrayList<>(h.openPorts().stream().map(String::valueOf).toList());
            h.udp().stream().filter(u -> u.state() == HostResult.PortState.OPEN).forEach(u -> openList.add(u.port()
                    + "/udp"));
            String open = openList.isEmpty() ? "-" : String.join(",", openList);
            String smb1 = h.smb() == null || h.smb().smb1() == null ? "?" : h.smb().smb1() ? "yes" : "no";
            String smb2 = h.smb2() == null ? "-" : h.smb2().dialect() < 0 ? "no"
                    : SmbReply.dialectName(h.smb2().dialect()).replace("SMB ", "");
            lines.add(String.format("%-16s %-10s %-14s %-6s %-10s %s", h.ip(), h.verdict().word(), open, smb1, smb2,
                    why(h)));
        }
        return lines;
    }

    private static String why(HostResult h) {
        String w = switch (h.verdict()) {
            case BACKDOORED -> h.smb().implantDetail();
            case EXPOSED, PATCHED -> h.smb().ms17010Detail();
            case CLOSED -> h.ports().isEmpty() ? "" : h.ports().get(0).detail();
            default -> h.reasons().isEmpty() ? "" : h.reasons().get(h.reasons().size() - 1);
        };
        w = w == null ? "" : w;
        return w.length() > 70 ? w.substring(0, 67) + "..." : w;
    }
}
