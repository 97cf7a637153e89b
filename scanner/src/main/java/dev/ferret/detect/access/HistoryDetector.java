package dev.ferret.detect.access;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.HistoryCommand;
import dev.ferret.model.access.HistoryFile;
import dev.ferret.model.access.HistorySetting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shell histories:
 * <ul>
 * <li>{@code linux.access.history-cleared} (T1070.003, T1562.003): a history file linked to /dev/null, emptied
 * recently, or history turned off in a start-up file (HISTFILE=/dev/null, unset HISTFILE, HISTSIZE=0,
 * set +o history).</li>
 * <li>{@code linux.access.history-command}: commands that tell of an intrusion (history-commands.txt: log wiping,
 * download-and-run, reverse shells, miner flags, keys appended...), one finding per history file.</li>
 * </ul>
 */
public final class HistoryDetector implements Detector {
    static final String ID = "linux.access.history";
    static final String CLEARED_ID = "linux.access.history-cleared";
    static final String COMMAND_ID = "linux.access.history-command";
    private static final Pattern DISABLES = Pattern.compile(
            "HISTFILE\\s*=\\s*[\"']?/dev/null|unset\\s+HISTFILE|\\b(HISTSIZE|HISTFILESIZE|SAVEHIST)\\s*=\\s*[\"']?0[\"']?(\\s|;|$)"
                    + "|set\\s+\\+o\\s+history|history\\s+-c");
    private static final int COMMANDS_SHOWN = 10;

    private final AccessData data;

    public HistoryDetector() {
        this(AccessData.builtIn());
    }

    HistoryDetector(AccessData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        data.report(snapshot);
        List<Finding> out = new ArrayList<>();
        for (HistoryFile h : a.facts.histories()) {
            Finding.Builder f = Finding.builder(CLEARED_ID, "Shell history destroyed: " + h.path())
                    .category("defense-evasion").technique(a.rule(CLEARED_ID).technique("clear-history"))
                    .file(new FileRef(h.path(), h.size(), h.mtime(), null, null));
            if (h.linkedToNull()) {
                f.reason(h.path() + " is a link to " + h.linkTarget() + ": " + h.user() + "'s commands are thrown away",
                        a.rule(CLEARED_ID).weight("null-link"));
            } else if (h.linkTarget() == null && h.size() == 0 && a.isRecent(h.mtime())) {
                f.reason(h.path() + " was emptied " + a.ago(h.mtime()) + " (" + AccessContext.at(h.mtime()) + ")",
                        a.rule(CLEARED_ID).weight("emptied"));
            } else {
                continue;
            }
            EventTimes.add(f, h.mtime(), h.path() + " " + (h.linkedToNull() ? "linked to /dev/null" : "emptied"));
            f.respond("preserve " + h.path() + "; the commands may survive in other histories, in the memory of running "
                    + "shells (/proc/<pid>/ of bash processes) and in the journal (sudo logs commands)");
            out.add(f.build());
        }
        for (HistorySetting s : a.facts.historySettings()) {
            if (!DISABLES.matcher(s.text()).find()) {
                continue;
            }
            Finding.Builder f = Finding.builder(CLEARED_ID, "Shell history turned off in " + s.path())
                    .category("defense-evasion").technique(a.rule(CLEARED_ID).technique("impair-history"))
                    .file(FileRef.of(s.path()))
                    .reason(s.location() + ": '" + s.text() + "' stops shells from keeping a history"
                            + (s.user() == null ? " for every user" : " for " + s.user()),
                            a.rule(CLEARED_ID).weight("disabled"));
            f.respond("remove line " + s.line() + " of " + s.path() + " after preserving the file");
            out.add(f.build());
        }
        Map<String, List<Object[]>> byFile = new LinkedHashMap<>();
        for (HistoryCommand c : a.facts.commands()) {
            for (WeightedPattern p : data.historyCommands().matching(c.command())) {
                byFile.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(new Object[] {c, p});
                break;
            }
        }
        for (Map.Entry<String, List<Object[]>> e : byFile.entrySet()) {
            List<Object[]> hits = e.getValue();
            HistoryCommand first = (HistoryCommand) hits.get(0)[0];
            Finding.Builder f = Finding.builder(COMMAND_ID, "Intrusion commands in " + first.user() + "'s history")
                    .category("execution").technique(a.rule(COMMAND_ID).technique("unix-shell"))
                    .file(FileRef.of(e.getKey()));
            int shown = 0;
            for (Object[] hit : hits) {
                HistoryCommand c = (HistoryCommand) hit[0];
                WeightedPattern p = (WeightedPattern) hit[1];
                if (shown++ >= COMMANDS_SHOWN) {
                    f.reason("and " + (hits.size() - COMMANDS_SHOWN) + " more", 0);
                    break;
                }
                String cmd = c.command().length() > 200 ? c.command().substring(0, 197) + "..." : c.command();
                f.reason(c.location() + (c.time() == null ? "" : " (" + AccessContext.at(c.time()) + ")") + ": '" + cmd
                        + "'" + (p.description() == null || p.description().isEmpty() ? "" : ": " + p.description()),
                        p.score());
                if (p.description() != null && p.description().contains(a.rule(COMMAND_ID).technique("indicator-removal"))) {
                    f.technique(a.rule(COMMAND_ID).technique("indicator-removal"));
                }
                EventTimes.add(f, c.time(), "ran '" + (cmd.length() > 60 ? cmd.substring(0, 57) + "..." : cmd) + "'");
            }
            f.respond("preserve " + e.getKey() + " and follow each command: files it fetched or wrote, addresses it "
                    + "contacted, accounts or keys it added");
            out.add(f.build());
        }
        return out;
    }
}
