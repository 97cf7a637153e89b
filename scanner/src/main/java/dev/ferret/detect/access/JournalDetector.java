package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.JournalState;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.access.journal-discontinuity} (T1070.002): within one boot the journal numbers its entries
 * consecutively; entries numbered in between but missing were removed (journal files deleted or edited). A clock
 * stepping back within a boot is reported as a weak hint (time set by hand, or NTP).
 */
public final class JournalDetector implements Detector {
    static final String ID = "linux.access.journal";
    static final String DISCONTINUITY_ID = "linux.access.journal-discontinuity";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        JournalState j = a.facts.journal();
        if (j == null || !j.available() || j.jumps().isEmpty()) {
            return List.of();
        }
        Finding.Builder f = Finding.builder(DISCONTINUITY_ID, "Journal entries missing or out of order")
                .category("defense-evasion").technique(a.rule(DISCONTINUITY_ID).technique("clear-linux-logs"));
        List<JournalState.Jump> seq = j.jumps().stream().filter(x -> x.kind().equals("sequence")).toList();
        List<JournalState.Jump> time = j.jumps().stream().filter(x -> x.kind().equals("time")).toList();
        for (JournalState.Jump s : seq.subList(0, Math.min(5, seq.size()))) {
            f.reason("entries " + (s.before() + 1) + " to " + (s.after() - 1) + " of boot " + shortId(s.bootId())
                    + " are missing: the journal jumps from " + AccessContext.at(s.previous()) + " to "
                    + AccessContext.at(s.at()), a.rule(DISCONTINUITY_ID).weight("sequence-gap"));
            EventTimes.add(f, s.previous(), "last journal entry before missing entries");
        }
        for (JournalState.Jump s : time.subList(0, Math.min(3, time.size()))) {
            f.reason("within boot " + shortId(s.bootId()) + " the clock steps back from " + AccessContext.at(s.previous())
                    + " to " + AccessContext.at(s.at()), a.rule(DISCONTINUITY_ID).weight("clock-back"));
        }
        f.respond("preserve /var/log/journal (copy with times); journalctl --verify tells damaged files from removed "
                + "entries");
        return new ArrayList<>(List.of(f.build()));
    }

    private static String shortId(String id) {
        return id == null || id.length() < 8 ? String.valueOf(id) : id.substring(0, 8);
    }
}
