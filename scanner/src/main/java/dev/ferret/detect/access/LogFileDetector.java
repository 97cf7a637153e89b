package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.LogFileState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Logs emptied or removed (T1070.002):
 * <ul>
 * <li>{@code linux.access.log-cleared}: a live log (auth, syslog, wtmp, btmp) of size 0 modified recently, more than an
 * hour away from its last rotation (the rotated copy's ctime or mtime) — logrotate leaves an empty file at rotation
 * time, a truncation ({@code > /var/log/secure}) empties it later.</li>
 * <li>{@code linux.access.log-missing}: a live log missing while its rotated siblings exist; wtmp missing on a host
 * that keeps btmp and lastlog.</li>
 * </ul>
 */
public final class LogFileDetector implements Detector {
    static final String ID = "linux.access.log";
    static final String CLEARED_ID = "linux.access.log-cleared";
    static final String MISSING_ID = "linux.access.log-missing";
    private static final Duration ROTATION_SLACK = Duration.ofHours(1);

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<LogFileState> files = a.facts.logFiles();
        List<Finding> out = new ArrayList<>();
        for (LogFileState f : files) {
            if (f.rotation() != 0) {
                continue;
            }
            List<LogFileState> older = files.stream().filter(o -> o.exists() && o.rotation() > 0
                    && o.family().equals(f.family()) && base(o.path()).equals(f.path())).toList();
            if (f.exists() && f.size() == 0 && a.isRecent(f.mtime())) {
                Optional<LogFileState> newest = older.stream().filter(o -> o.mtime() != null)
                        .max((x, y) -> x.mtime().compareTo(y.mtime()));
                // logrotate renames the log (the rename sets the copy's ctime) and creates an empty one at the same
                // moment; on a busy log the copy was also written just before
                boolean rotation = older.stream().anyMatch(o -> near(o.ctime(), f.mtime()) || near(o.mtime(), f.mtime()));
                if (rotation || (older.isEmpty() && !f.family().equals("wtmp"))) {
                    continue; // a fresh rotation, or a log that never had anything (btmp of a quiet host)
                }
                Finding.Builder b = Finding.builder(CLEARED_ID, "Log emptied: " + f.path())
                        .category("defense-evasion").technique(a.rule(CLEARED_ID).technique("clear-linux-logs"))
                        .file(new FileRef(f.path(), 0L, f.mtime(), null, null))
                        .reason(f.path() + " is empty and was modified " + a.ago(f.mtime()) + " ("
                                + AccessContext.at(f.mtime()) + ")" + newest.map(n -> ", " + AccessContext.span(
                                Duration.between(n.mtime(), f.mtime())) + " after its last rotation (" + n.path() + ")")
                                .orElse(""), a.rule(CLEARED_ID).weight("emptied"));
                EventTimes.add(b, f.mtime(), f.path() + " emptied");
                b.respond("preserve " + f.path() + " and its rotated copies; the emptied content may survive in "
                        + "free disk blocks (image the disk before writing to it)");
                out.add(b.build());
            } else if (!f.exists() && missingMatters(f, files, older)) {
                Finding.Builder b = Finding.builder(MISSING_ID, "Log missing: " + f.path())
                        .category("defense-evasion").technique(a.rule(MISSING_ID).technique("clear-linux-logs"))
                        .file(FileRef.of(f.path()))
                        .reason(f.path() + " does not exist" + (older.isEmpty() ? "" : " while its rotated copies do ("
                                + String.join(", ", older.stream().map(LogFileState::path).limit(3).toList()) + ")"),
                                a.rule(MISSING_ID).weight("missing"));
                older.stream().filter(o -> o.last() != null).findFirst().ifPresent(o ->
                        EventTimes.add(b, o.last(), "last entry of " + o.path() + " before " + f.path() + " went missing"));
                b.respond("find out whether the logging daemon still runs (systemctl status rsyslog) and who removed "
                        + f.path() + "; preserve the rotated copies");
                out.add(b.build());
            }
        }
        return out;
    }

    private static boolean near(java.time.Instant a, java.time.Instant b) {
        return a != null && b != null && Duration.between(a, b).abs().compareTo(ROTATION_SLACK) <= 0;
    }

    private static boolean missingMatters(LogFileState f, List<LogFileState> files, List<LogFileState> older) {
        if (!older.isEmpty()) {
            return true;
        }
        if (!f.family().equals("wtmp")) {
            return false;
        }
        // wtmp is gone on hosts that replaced it (wtmpdb); on a host that still keeps btmp and lastlog it was removed
        boolean btmp = files.stream().anyMatch(o -> o.exists() && o.family().equals("btmp"));
        boolean lastlog = files.stream().anyMatch(o -> o.exists() && o.family().equals("lastlog"));
        return btmp && lastlog;
    }

    /** "/var/log/auth.log" for "/var/log/auth.log.2.gz" or "/var/log/secure-20240310". */
    static String base(String path) {
        return path.replaceFirst("(\\.\\d{1,4}|-\\d{8})?(\\.gz)?$", "");
    }
}
