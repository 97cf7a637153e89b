package dev.ferret.respond.linux;

import dev.ferret.data.DetectionData;
import dev.ferret.data.IpLiteral;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.Finding;
import dev.ferret.respond.plan.ChainGroups;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.Step;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Linux findings into an ordered response plan.
 * <p>
 * <b>Which processes</b>: {@link Relatives} (members, guardians, respawners, children; never a protected process).
 * <p>
 * <b>Which chains.</b> Chains whose processes or files meet through that expansion are one story; a story is acted
 * on when its worst finding reaches the requested severity (or the responder named one of its chains).
 * <p>
 * <b>What.</b> {@link PlanItems} collects the targets, each persistence entry through its mechanism's
 * {@link PersistenceResponse}; {@link StepWriter} writes the steps in the response order.
 */
public final class LinuxPlanner {
    private static final Pattern URL_HOST = Pattern.compile(
            "(?i)\\b(?:https?|ftp|tcp|udp|stratum\\+(?:tcp|ssl|tls))://\\[?([0-9A-Za-z.:-]+?)\\]?(?::\\d+)?(?=[/\\s'\"|;&)]|$)");
    private static final Pattern OPTION_HOST = Pattern.compile("(?:^|\\s)(?:-o|--url[= ])\\s*([A-Za-z0-9.-]+):\\d{2,5}(?=\\s|$)");

    /**
     * What the planner knows about the host.
     *
     * @param processesHere true when the findings' pids are this host's (a live scan, or a report of this host)
     * @param systemd       systemd runs here and systemctl is available
     * @param store         the store directory when given (for the printed commands), else null
     */
    public record Context(String host, Path root, boolean live, boolean processesHere, String elsewhere,
                          ProcessTable processes, Protection protection, DetectionData data, Firewall firewall,
                          boolean systemd, String store) {
    }

    private final Context ctx;
    private final PathJudge judge;
    private final Relatives relatives;

    public LinuxPlanner(Context ctx) {
        this.ctx = ctx;
        this.judge = new PathJudge(ctx.data());
        this.relatives = new Relatives(ctx, judge);
    }

    /** Builds the plan. */
    public Plan plan(List<Finding> findings, PlanOptions options, String source, Instant now) {
        List<String> notes = new ArrayList<>();
        List<ChainGroups.Group> groups = ChainGroups.of(findings, fs -> {
            Set<String> keys = new HashSet<>();
            relatives.relate(fs).keySet().forEach(pid -> keys.add("pid:" + pid));
            relatives.chainFiles(fs).forEach(file -> keys.add("file:" + file));
            return keys;
        });
        PlanItems items = new PlanItems(ctx, judge, relatives);
        List<String> acted = new ArrayList<>();
        for (ChainGroups.Group g : groups) {
            boolean named = g.chains().stream().anyMatch(options.chains()::contains);
            boolean selected = options.chains().isEmpty() ? g.worst().compareTo(options.minSeverity()) >= 0 : named;
            if (!selected) {
                Finding s = g.strongest();
                notes.add("chain " + String.join("+", g.chains()) + " (" + g.worst().label() + ", " + s.ruleId()
                        + ") left out: " + (options.chains().isEmpty() ? "below --min-severity "
                        + options.minSeverity().label() : "not named by --chain"));
                continue;
            }
            acted.addAll(g.chains());
            items.group(g, options);
        }
        if (!ctx.live()) {
            notes.add("offline image " + ctx.root() + ": only file and persistence steps (no processes, no firewall)");
        } else if (!ctx.processesHere()) {
            notes.add("the findings are from host " + ctx.elsewhere() + ", this is " + ctx.host()
                    + ": the plan is printed, not carried out here");
        }
        notes.addAll(relatives.mismatched());
        List<Step> steps = new StepWriter(ctx, judge, items).steps(options, notes);
        if (ctx.live() && !ctx.processesHere()) {
            // pids, addresses and paths of another host say nothing about this one: print, never act
            String refusal = "the findings are from host " + ctx.elsewhere() + ", this is " + ctx.host()
                    + ": run ferret respond on " + ctx.elsewhere();
            steps = steps.stream().map(st -> st.refused() || st.manual() ? st : new Step(st.id(), st.kind(),
                    st.chains(), st.rules(), st.reason(), st.target(), st.shell(), st.powershell(), refusal, false,
                    st.action())).toList();
        }
        List<Step> numbered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            numbered.add(steps.get(i).withId("s" + (i + 1)));
        }
        return new Plan(Platform.LINUX, ctx.host(), ctx.root().toString(), ctx.live(), now, source, acted, numbered,
                notes);
    }

    /** Hosts named by URLs and miner pool options in a command. */
    static List<String> hosts(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        Matcher m = URL_HOST.matcher(text);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        Matcher o = OPTION_HOST.matcher(text);
        while (o.find()) {
            hosts.add(o.group(1));
        }
        return List.copyOf(hosts);
    }

    /** Addresses never blocked: loopback, unspecified, link-local, multicast, broadcast. */
    static boolean blockable(String ip) {
        if (ip == null || !IpLiteral.looksLikeAddress(ip)) {
            return false;
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(IpLiteral.bytes(ip));
            return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()
                    || ip.equals("255.255.255.255"));
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    /** An absolute path with no "." or ".." component: it names one file when taken literally. */
    static boolean literal(String path) {
        return path != null && path.startsWith("/") && !path.endsWith("/") && !path.contains("/../")
                && !path.endsWith("/..") && !path.contains("/./") && !path.endsWith("/.");
    }

    /** An absolute path naming one file (no glob, no variable, no ..). */
    static boolean concrete(String path) {
        return path != null && path.startsWith("/") && !path.endsWith("/") && !path.matches(".*[$*?\\[\\]`{}].*")
                && !path.contains("/../") && !path.endsWith("/..");
    }
}
