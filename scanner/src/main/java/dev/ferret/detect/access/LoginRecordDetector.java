package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.LastLogEntry;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.UtmpFileState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Edited login records (T1070.002): log cleaners that remove an attacker's logins from wtmp cut records out, zero
 * them, or leave the remaining records out of order.
 * <ul>
 * <li>{@code linux.access.login-records-tampered}: a wtmp/btmp that is not a whole number of records, whose records
 * go back in time (beyond a tolerance; clock changes excepted), or with empty records between real ones.</li>
 * <li>{@code linux.access.login-records-lastlog-mismatch}: lastlog says a user last logged in at a time wtmp covers but
 * has no such login, or wtmp has a later SSH/terminal login than lastlog's last.</li>
 * </ul>
 */
public final class LoginRecordDetector implements Detector {
    static final String ID = "linux.access.login-records";
    static final String TAMPERED_ID = "linux.access.login-records-tampered";
    static final String LASTLOG_ID = "linux.access.login-records-lastlog-mismatch";
    private static final Duration MATCH = Duration.ofMinutes(2);

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<Finding> out = new ArrayList<>();
        for (UtmpFileState u : a.facts.utmpFiles()) {
            Finding.Builder f = Finding.builder(TAMPERED_ID, "Login records edited: " + u.path())
                    .category("defense-evasion").technique(a.rule(TAMPERED_ID).technique("clear-linux-logs"))
                    .file(new FileRef(u.path(), u.size(), u.mtime(), null, null));
            if (u.trailingBytes() > 0) {
                f.reason(u.path() + " is " + u.size() + " bytes: " + u.records() + " whole " + u.recordSize()
                        + "-byte records and " + u.trailingBytes() + " bytes of a cut one (records were cut out by hand)",
                        a.rule(TAMPERED_ID).weight("partial-record"));
            }
            if (!u.backwards().isEmpty()) {
                UtmpFileState.Step s = u.backwards().get(0);
                f.reason(u.backwards().size() + (u.backwards().size() >= 20 ? "+" : "") + " record(s) go back in time: "
                        + "record " + s.index() + (s.user().isEmpty() ? "" : " (" + s.user() + ")") + " at "
                        + AccessContext.at(s.time()) + " follows one at " + AccessContext.at(s.previous()),
                        a.rule(TAMPERED_ID).weight("backwards"));
                EventTimes.add(f, s.time(), "login record out of order in " + u.path());
            }
            if (u.emptyRecords() > 0) {
                f.reason(u.emptyRecords() + " empty record(s) between real ones (zeroed by a log cleaner)",
                        a.rule(TAMPERED_ID).weight("empty-records"));
            }
            if (!f.hasReasons()) {
                continue;
            }
            EventTimes.add(f, u.mtime(), u.path() + " last written");
            f.respond("preserve " + u.path() + " as it is; compare with the auth log and journal for the logins missing "
                    + "from it");
            out.add(f.build());
        }
        out.addAll(lastlog(a));
        return out;
    }

    private static List<Finding> lastlog(AccessContext a) {
        List<UtmpFileState> wtmps = a.facts.utmpFiles().stream().filter(u -> u.kind().equals("wtmp")
                && u.first() != null).toList();
        if (wtmps.isEmpty() || a.facts.lastlog().isEmpty()) {
            return List.of();
        }
        Instant from = wtmps.stream().map(UtmpFileState::first).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = wtmps.stream().map(UtmpFileState::last).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElseThrow();
        List<LoginEvent> wtmpLogins = a.facts.logins().stream().filter(e -> e.channel().equals("wtmp")).toList();
        List<Finding> out = new ArrayList<>();
        for (LastLogEntry l : a.facts.lastlog()) {
            List<LoginEvent> mine = wtmpLogins.stream().filter(e -> e.user().equals(l.user())).toList();
            Finding.Builder f = Finding.builder(LASTLOG_ID, "lastlog and wtmp disagree about " + l.user())
                    .category("defense-evasion").technique(a.rule(LASTLOG_ID).technique("clear-linux-logs"))
                    .file(FileRef.of("/var/log/wtmp"));
            String said = "lastlog: " + l.user() + " last logged in at " + AccessContext.at(l.time())
                    + (l.source().isEmpty() ? "" : " from " + l.source()) + (l.terminal().isEmpty() ? "" : " on " + l.terminal());
            if (l.time().isAfter(from.plus(MATCH)) && !l.time().isAfter(to.plus(MATCH))
                    && mine.stream().noneMatch(e -> Duration.between(e.time(), l.time()).abs().compareTo(MATCH) <= 0)) {
                f.reason(said + "; wtmp covers " + AccessContext.at(from) + " to " + AccessContext.at(to)
                        + " but has no login of " + l.user() + " then (the record was removed from wtmp)",
                        a.rule(LASTLOG_ID).weight("mismatch"));
                EventTimes.add(f, l.time(), "login of " + l.user() + " missing from wtmp");
            }
            mine.stream().filter(e -> e.time().isAfter(l.time().plus(MATCH)) && e.remote()
                            && e.terminal() != null && (e.terminal().startsWith("pts") || e.terminal().startsWith("tty")))
                    .reduce((x, y) -> y).ifPresent(e -> {
                        f.reason(said + "; but wtmp has a later login: " + Logins.describe(e)
                                + " (lastlog was set back)", a.rule(LASTLOG_ID).weight("mismatch"));
                        EventTimes.add(f, e.time(), "login of " + l.user() + " newer than lastlog says");
                    });
            if (f.hasReasons()) {
                f.respond("preserve /var/log/wtmp and /var/log/lastlog; the auth log and journal tell which one is right");
                out.add(f.build());
            }
        }
        return out;
    }
}
