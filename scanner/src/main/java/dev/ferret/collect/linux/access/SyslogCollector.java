package dev.ferret.collect.linux.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.BootRecord;
import dev.ferret.model.access.LogActivity;
import dev.ferret.model.access.LogFileState;
import dev.ferret.model.access.LoginEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Text logs written by rsyslog/syslog-ng: the authentication log ({@code /var/log/auth.log} on Debian,
 * {@code /var/log/secure} on Red Hat) and the system log ({@code syslog}, {@code messages}), each with its rotated
 * siblings ({@code .1}, {@code .2.gz}, or {@code -YYYYMMDD[.gz]}). Yields successful logins, failed-login summaries
 * per source, kernel boot lines, per-file states and each log's activity over time.
 * <p>
 * Bounded: a file is read from its newest end up to {@code access.log.max.bytes}, a gzip up to as many decompressed
 * bytes, lines are cut at {@code access.log.max.line.bytes}, each file has a time budget and all logs a byte budget.
 * Lines that are not syslog lines (binary junk, cut lines, impossible dates) are counted as malformed.
 * Traditional timestamps have no year: each file gets its years from its modification time and the order of its
 * lines ({@link YearTracker}), so a file is read twice (the second pass is served from the page cache).
 */
public final class SyslogCollector extends AccessCollector {
    /** A log and its channel name (the channel keeps the same failure from being counted twice across logs). */
    private record Family(String name, String channel, List<String> bases) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("auth", "auth-log", List.of("auth.log", "secure")),
            new Family("syslog", "syslog", List.of("syslog", "messages")));
    private static final String LOG_DIR = "/var/log";

    private long totalBytes;

    public SyslogCollector(AccessLimits limits) {
        super(limits);
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        totalBytes = 0;
        ZoneId zone = HostZone.of(files);
        List<String> names = files.list(LOG_DIR).stream().map(AccessFiles::name).toList();
        for (Family family : FAMILIES) {
            boolean any = false;
            for (String base : family.bases()) {
                List<Sibling> siblings = siblings(names, base);
                if (siblings.isEmpty()) {
                    continue;
                }
                any = true;
                readLog(files, facts, family, base, siblings, zone);
            }
            if (!any) {
                files.count(family.name() + " logs", 0);
                files.snapshot().coverage().note("access: no " + String.join(" or ", family.bases().stream()
                        .map(b -> LOG_DIR + "/" + b).toList()) + " (a journal-only host keeps these in the journal)");
            }
        }
    }

    /** A file of a log: its name and rank (0 live, then older). */
    record Sibling(String name, int rank, boolean gz) {
    }

    private static final Pattern NUMBERED = Pattern.compile("^\\.(\\d{1,4})(\\.gz)?$");
    private static final Pattern DATED = Pattern.compile("^-(\\d{8})(\\.gz)?$");

    /** The log's files, newest first: base, base.1, base.2.gz, ... or base-20240310, base-20240303.gz, ... */
    static List<Sibling> siblings(List<String> names, String base) {
        List<Sibling> numbered = new ArrayList<>();
        List<String[]> dated = new ArrayList<>();
        for (String n : names) {
            if (n.equals(base)) {
                numbered.add(new Sibling(n, 0, false));
            } else if (n.startsWith(base)) {
                String rest = n.substring(base.length());
                Matcher m = NUMBERED.matcher(rest);
                if (m.matches()) {
                    numbered.add(new Sibling(n, Integer.parseInt(m.group(1)), m.group(2) != null));
                    continue;
                }
                m = DATED.matcher(rest);
                if (m.matches()) {
                    dated.add(new String[] {n, m.group(1)});
                }
            }
        }
        dated.sort((a, b) -> b[1].compareTo(a[1]));
        for (int i = 0; i < dated.size(); i++) {
            numbered.add(new Sibling(dated.get(i)[0], i + 1, dated.get(i)[0].endsWith(".gz")));
        }
        numbered.sort(Comparator.comparingInt(Sibling::rank));
        return numbered;
    }

    private void readLog(AccessFiles files, AccessFacts facts, Family family, String base, List<Sibling> siblings,
                         ZoneId zone) {
        if (siblings.get(0).rank() != 0) {
            // rotated files but no live file: the log was deleted (or the daemon stopped writing it)
            String path = LOG_DIR + "/" + base;
            facts.addLogFile(new LogFileState(path, family.name(), 0, false, 0, null, null, 0, 0, false, null, null));
        }
        Timestamps times = new Timestamps(limits.logMaxTimestamps());
        LoginAggregator failures = new LoginAggregator(family.channel());
        List<LoginEvent> logins = new ArrayList<>();
        List<BootRecord> boots = new ArrayList<>();
        List<String> read = new ArrayList<>();
        int done = 0;
        for (Sibling s : siblings) {
            String hostPath = LOG_DIR + "/" + s.name();
            if (done >= limits.logMaxRotations() + 1) {
                files.gap("older rotated logs not read (access.log.max.rotations)", hostPath);
                continue;
            }
            if (totalBytes >= limits.logMaxTotalBytes()) {
                files.gap("log byte budget exhausted (access.log.max.total.bytes)", hostPath);
                continue;
            }
            if (times.full()) {
                files.gap("timestamp cap reached (access.log.max.timestamps): older entries not analysed", hostPath);
                continue;
            }
            Optional<Path> real = files.regular(hostPath);
            if (real.isEmpty()) {
                continue;
            }
            done++;
            read.add(hostPath);
            LogFileState state = readFile(files, facts, family, hostPath, real.get(), s, zone, times, failures, logins,
                    boots);
            facts.addLogFile(state);
            files.count("log lines read", state.lines());
            files.count("malformed log lines", state.malformed());
        }
        facts.addFailures(failures.summaries());
        facts.addLogins(logins);
        facts.addBoots(boots);
        LogActivity activity = times.summary(family.name(), read);
        if (activity != null) {
            facts.addActivity(activity);
        }
    }

    private LogFileState readFile(AccessFiles files, AccessFacts facts, Family family, String hostPath, Path real,
                                  Sibling sibling, ZoneId zone, Timestamps times, LoginAggregator failures,
                                  List<LoginEvent> logins, List<BootRecord> boots) {
        AccessFiles.Stat stat = AccessFiles.stat(real).orElse(null);
        long size = stat == null ? -1 : stat.size();
        Instant mtime = stat == null ? null : stat.mtime();
        long deadline = System.nanoTime() + limits.logMaxTime().toNanos();
        long lines = 0;
        long malformed = 0;
        boolean partial = false;
        Instant first = null;
        Instant last = null;
        try {
            // pass 1: how many times the year turns over in this file, and the date of its last line
            YearTracker probe = new YearTracker(0);
            try (LogInput in = LogInput.open(real, sibling.gz(), limits.logMaxBytes(), limits.logMaxLineBytes())) {
                for (BoundedLines.Line line; (line = in.lines().next()) != null; ) {
                    if ((++lines & 4095) == 0 && System.nanoTime() > deadline) {
                        break;
                    }
                    if (line.binary() || line.overlong()) {
                        continue;
                    }
                    SyslogLine l = SyslogLine.parse(line.text(), zone);
                    if (l != null && l.yearless()) {
                        probe.year(l.month, l.day, l.second);
                    }
                }
            } catch (ZipException | java.io.EOFException e) {
                // a truncated or corrupt gzip: what decompressed so far is used, pass 2 says so
            }
            Instant stamp = mtime != null ? mtime : limits.clock().instant();
            int startYear = probe.seen() ? probe.finalYear(stamp, zone) - probe.rollovers() : 0;
            // pass 2: parse
            YearTracker years = new YearTracker(startYear);
            AuthMessages messages = new AuthMessages();
            lines = 0;
            try (LogInput in = LogInput.open(real, sibling.gz(), limits.logMaxBytes(), limits.logMaxLineBytes())) {
                if (in.leadingJunk()) {
                    malformed++;
                }
                try {
                    for (BoundedLines.Line line; (line = in.lines().next()) != null; ) {
                        lines++;
                        if ((lines & 4095) == 0 && System.nanoTime() > deadline) {
                            files.gap("log read stopped at its time budget (access.log.max.seconds)", hostPath);
                            partial = true;
                            break;
                        }
                        if (line.binary() || line.overlong()) {
                            malformed++;
                            continue;
                        }
                        if (line.text().isEmpty()) {
                            continue;
                        }
                        SyslogLine l = SyslogLine.parse(line.text(), zone);
                        if (l == null) {
                            malformed++;
                            continue;
                        }
                        Instant at = l.yearless() ? YearTracker.instant(years.year(l.month, l.day, l.second), l.month,
                                l.day, l.second, zone) : l.instant;
                        if (at == null) {
                            malformed++;
                            continue;
                        }
                        times.add(at);
                        first = first == null || at.isBefore(first) ? at : first;
                        last = last == null || at.isAfter(last) ? at : last;
                        AuthMessages.Event e = messages.parse(l.program, l.pid, l.message);
                        if (e != null) {
                            record(e, at, hostPath + ":" + lines, family, failures, logins, boots);
                        }
                    }
                } catch (ZipException | java.io.EOFException e) {
                    malformed++;
                    partial = true;
                    files.gap("compressed log truncated or corrupt: read up to the damage", hostPath);
                }
                partial |= in.partial();
                totalBytes += in.bytes();
                if (in.partial() && !sibling.gz()) {
                    files.gap("log larger than access.log.max.bytes: only its newest part was read", hostPath);
                } else if (in.partial()) {
                    files.gap("compressed log larger than access.log.max.bytes once decompressed: only its start was read",
                            hostPath);
                }
            }
        } catch (AccessDeniedException e) {
            files.gap("permission denied", hostPath);
        } catch (IOException | UncheckedIOException e) {
            files.gap("log unreadable", hostPath + ": " + e.getMessage());
        }
        if (malformed > 0) {
            files.gap("malformed log lines (binary junk, cut or without a syslog header): skipped",
                    hostPath + " (" + malformed + ")");
        }
        facts.sawEvent(last);
        return new LogFileState(hostPath, family.name(), sibling.rank(), true, size, mtime,
                stat == null ? null : stat.ctime(), lines, malformed, partial,
                first, last);
    }

    private void record(AuthMessages.Event e, Instant at, String origin, Family family, LoginAggregator failures,
                        List<LoginEvent> logins, List<BootRecord> boots) {
        if (e instanceof AuthMessages.Success s) {
            if (logins.size() < limits.loginsMax()) {
                logins.add(new LoginEvent(at, s.user(), s.source(), s.service(), s.method(), null, s.fingerprint(),
                        family.channel(), origin));
            }
        } else if (e instanceof AuthMessages.Failure f) {
            failures.failure(f.source(), f.user(), at, f.times(), origin);
        } else if (e instanceof AuthMessages.Boot) {
            boots.add(new BootRecord(at, false, origin));
        }
    }
}
