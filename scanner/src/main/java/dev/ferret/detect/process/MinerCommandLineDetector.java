package dev.ferret.detect.process;

import dev.ferret.data.Ioc;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command lines and preload environments that carry pool URLs, wallets and miner options. */
public final class MinerCommandLineDetector implements Detector {
    /** Linear on any input: matches start at a label start only and labels (at most 63) never backtrack, so
     *  hundreds of kilobytes of argv padding cost one pass, not a quadratic search. */
    private static final Pattern HOST = Pattern.compile("(?i)(?<![a-z0-9-])(?:[a-z0-9-]{1,63}+\\.)+[a-z]{2,63}");

    @Override
    public String id() {
        return "process.miner-command-line";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            String cmd = p.commandLine();
            if (cmd.isEmpty()) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "Miner command line")
                    .category("process").technique(rule.technique("resource-hijacking")).process(p);
            for (WeightedPattern pattern : context.data().minerCommandLines().matching(cmd)) {
                f.reason("command line has " + describe(pattern) + ": '" + pattern.excerpt(cmd).strip() + "'",
                        pattern.score());
            }
            Matcher m = HOST.matcher(cmd);
            while (m.find()) {
                Optional<Ioc> ioc = context.data().iocs().domain(m.group());
                ioc.ifPresent(i -> f.reason("command line names " + m.group() + " (" + i.description() + ")", rule.weight("listed-domain")));
            }
            if (f.hasReasons()) {
                f.respond("suspend pid " + p.pid() + " and its parent chain, then find what starts it");
                findings.add(f.build());
            }
        }
        return findings;
    }

    private static String describe(WeightedPattern p) {
        return p.description().isEmpty() ? "a miner option" : p.description().toLowerCase(java.util.Locale.ROOT);
    }
}
