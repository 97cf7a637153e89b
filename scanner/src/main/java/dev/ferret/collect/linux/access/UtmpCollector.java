package dev.ferret.collect.linux.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.BootRecord;
import dev.ferret.model.access.LogFileState;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.UtmpFileState;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Binary login records: {@code /var/log/wtmp} (logins, logouts, boots and shutdowns: what {@code last} shows) and
 * {@code /var/log/btmp} (failed logins: {@code lastb}), with their rotated siblings. Yields logins, boots, failure
 * summaries per source, and each file's structure: record layout, whole records, trailing bytes of a cut record,
 * empty records between real ones, unparseable records and records that go back in time.
 * <p>
 * Bounded: at most {@code access.utmp.max.records} records per file, the newest ones (a plain file is read from the
 * record boundary that many records before its end).
 */
public final class UtmpCollector extends AccessCollector {
    private static final int STEPS_KEPT = 20;
    private static final String LOG_DIR = "/var/log";

    public UtmpCollector(AccessLimits limits) {
        super(limits);
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        List<String> names = files.list(LOG_DIR).stream().map(AccessFiles::name).toList();
        for (String kind : List.of("wtmp", "btmp")) {
            List<SyslogCollector.Sibling> siblings = SyslogCollector.siblings(names, kind);
            if (siblings.isEmpty()) {
                facts.addLogFile(new LogFileState(LOG_DIR + "/" + kind, kind, 0, false, 0, null, null, 0, 0, false, null, null));
                continue;
            }
            if (siblings.get(0).rank() != 0) {
                facts.addLogFile(new LogFileState(LOG_DIR + "/" + kind, kind, 0, false, 0, null, null, 0, 0, false, null, null));
            }
            LoginAggregator failures = new LoginAggregator(kind);
            for (SyslogCollector.Sibling s : siblings.subList(0, Math.min(siblings.size(), 3))) {
                String hostPath = LOG_DIR + "/" + s.name();
                Optional<Path> real = files.regular(hostPath);
                real.ifPresent(p -> read(files, facts, kind, hostPath, p, s, failures));
            }
            facts.addFailures(failures.summaries());
        }
    }

    private void read(AccessFiles files, AccessFacts facts, String kind, String hostPath, Path real,
                      SyslogCollector.Sibling sibling, LoginAggregator failures) {
        AccessFiles.Stat stat = AccessFiles.stat(real).orElse(null);
        Scan scan = new Scan(kind, hostPath, failures, limits.utmpBackwardsSeconds(), limits.loginsMax());
        long size = stat == null ? 0 : stat.size();
        Utmp.Layout layout = Utmp.Layout.TIME32;
        long records = 0;
        long trailing = 0;
        boolean partial = false;
        try (FileChannel ch = AccessFiles.open(real);
             InputStream in = sibling.gz() ? new GZIPInputStream(new BufferedInputStream(AccessFiles.stream(ch), 1 << 16))
                     : null) {
            ByteBuffer sample = ByteBuffer.allocate(Utmp.Layout.TIME64.size * 32);
            if (in != null) {
                sample.limit(in.readNBytes(sample.array(), 0, sample.capacity()));
            } else {
                sample.limit(ch.read(sample, 0) < 0 ? 0 : sample.position());
                sample.position(0);
            }
            layout = Utmp.detect(sample, size);
            if (in == null) {
                records = size / layout.size;
                trailing = size % layout.size;
                long start = Math.max(0, records - limits.utmpMaxRecords());
                partial = start > 0;
                if (partial) {
                    files.gap("login-record file larger than access.utmp.max.records: only its newest records were read",
                            hostPath);
                }
                ch.position(start * layout.size);
                scan.index = start;
                readRecords(AccessFiles.stream(ch), layout, records - start, scan);
            } else {
                InputStream all = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(sample.array(), 0,
                        sample.limit()), in);
                records = readRecords(all, layout, limits.utmpMaxRecords(), scan);
                partial = all.read() >= 0;
                if (partial) {
                    files.gap("compressed login-record file: only its first access.utmp.max.records records were read",
                            hostPath);
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            partial = true;
            files.gap("compressed login-record file truncated or corrupt: read up to the damage", hostPath);
        } catch (AccessDeniedException e) {
            files.gap("permission denied", hostPath);
            return;
        } catch (IOException e) {
            files.gap("login-record file unreadable", hostPath + ": " + e.getMessage());
            return;
        }
        if (trailing > 0) {
            files.gap("login-record file is not a whole number of " + layout.size + "-byte records: the cut record "
                    + "was skipped", hostPath + " (" + trailing + " trailing bytes)");
        }
        if (scan.invalid > 0) {
            files.gap("malformed login records (unknown type or impossible time): skipped",
                    hostPath + " (" + scan.invalid + ")");
        }
        files.count(kind + " records read", scan.read);
        files.count("malformed login records", scan.invalid + (trailing > 0 ? 1 : 0));
        facts.addUtmpFile(new UtmpFileState(hostPath, kind, layout.size, size, stat == null ? null : stat.mtime(),
                records, trailing, scan.empty, scan.invalid, scan.steps, scan.first, scan.last));
        facts.addLogFile(new LogFileState(hostPath, kind, sibling.rank(), true, size, stat == null ? null : stat.mtime(),
                stat == null ? null : stat.ctime(),
                scan.read, scan.invalid + (trailing > 0 ? 1 : 0), partial, scan.first, scan.last));
        facts.addLogins(scan.logins);
        facts.addBoots(scan.boots);
        facts.sawEvent(scan.last);
    }

    /** Reads up to {@code max} whole records; returns how many were read. */
    private static long readRecords(InputStream in, Utmp.Layout layout, long max, Scan scan) throws IOException {
        int batch = 2048;
        byte[] buf = new byte[layout.size * batch];
        long n = 0;
        while (n < max) {
            int want = (int) Math.min(batch, max - n) * layout.size;
            int got = in.readNBytes(buf, 0, want);
            int whole = got / layout.size;
            ByteBuffer b = ByteBuffer.wrap(buf, 0, got);
            for (int i = 0; i < whole; i++) {
                scan.accept(Utmp.parse(b, i * layout.size, layout));
            }
            n += whole;
            if (got < want) {
                break;
            }
        }
        return n;
    }

    /** The state of one file's scan. */
    private static final class Scan {
        final String kind;
        final String path;
        final LoginAggregator failures;
        final long tolerance;
        final int maxLogins;
        final List<LoginEvent> logins = new ArrayList<>();
        final List<BootRecord> boots = new ArrayList<>();
        final List<UtmpFileState.Step> steps = new ArrayList<>();
        long index;
        long read;
        long empty;
        long pendingEmpty;
        long invalid;
        boolean seenReal;
        Instant previous;
        Instant first;
        Instant last;

        Scan(String kind, String path, LoginAggregator failures, long tolerance, int maxLogins) {
            this.kind = kind;
            this.path = path;
            this.failures = failures;
            this.tolerance = tolerance;
            this.maxLogins = maxLogins;
        }

        void accept(Utmp.Record r) {
            long at = index++;
            read++;
            if (r.empty()) {
                if (seenReal) {
                    pendingEmpty++;
                }
                return;
            }
            if (!r.plausible() || r.time() == null) {
                invalid++;
                return;
            }
            seenReal = true;
            empty += pendingEmpty;
            pendingEmpty = 0;
            Instant t = r.time();
            if (r.type() == Utmp.NEW_TIME || r.type() == Utmp.OLD_TIME) {
                previous = null; // the clock was set: times may step either way
                return;
            }
            if (previous != null && t.isBefore(previous.minusSeconds(tolerance)) && steps.size() < STEPS_KEPT) {
                steps.add(new UtmpFileState.Step(at, t, previous, r.user()));
            }
            previous = t;
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            String origin = path + "#" + at;
            if (kind.equals("btmp")) {
                failures.failure(r.source(), r.user(), t, 1, origin);
                return;
            }
            switch (r.type()) {
                case Utmp.USER_PROCESS -> {
                    if (!r.user().isEmpty() && logins.size() < maxLogins) {
                        logins.add(new LoginEvent(t, r.user(), r.source(), null, null, r.line(), null, "wtmp", origin));
                    }
                }
                case Utmp.BOOT_TIME -> boots.add(new BootRecord(t, false, origin));
                case Utmp.RUN_LVL -> {
                    if (r.user().equals("shutdown")) {
                        boots.add(new BootRecord(t, true, origin));
                    }
                }
                default -> {
                }
            }
        }
    }
}
