package dev.ferret.report;

import dev.ferret.model.Finding;
import dev.ferret.model.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The YARA rules a finding's reasons name ("YARA rule ns:rule matched ..."), for ECS rule.name/ruleset. */
final class YaraRuleNames {
    record Match(String namespace, String rule) {
    }

    private static final Pattern REASON = Pattern.compile("^YARA rule ([^\\s:]+):(\\S+) matched");

    private YaraRuleNames() {
    }

    static List<Match> of(Finding f) {
        List<Match> out = new ArrayList<>();
        for (Reason r : f.reasons()) {
            Matcher m = REASON.matcher(r.text());
            if (m.find()) {
                out.add(new Match(m.group(1), m.group(2)));
            }
        }
        return out;
    }
}
