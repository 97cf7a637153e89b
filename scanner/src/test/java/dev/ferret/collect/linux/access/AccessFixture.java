package dev.ferret.collect.linux.access;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.collect.linux.persistence.Fixture;
import dev.ferret.data.DetectionData;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.detect.access.AccessDetectors;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * A scanned tree for the access collectors, in the real formats: binary utmp records (wtmp/btmp), lastlog records,
 * syslog-format logs (plain and gzip-rotated), dpkg's database, shell histories. Times are set on files the way
 * the host would have left them (a log's mtime is its last line's time).
 */
public final class AccessFixture {
    public static final ZoneId UTC = ZoneOffset.UTC;
    private static final DetectionData DATA = DetectionData.builtIn();
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final Fixture files;

    public AccessFixture(Path root) {
        this.files = new Fixture(root);
    }

    public Fixture files() {
        return files;
    }

    public Path root() {
        return files.root();
    }

    public Path at(String hostPath) {
        return files.at(hostPath);
    }

    public AccessFixture file(String hostPath, String content) {
        files.file(hostPath, content);
        return this;
    }

    public AccessFixture bytes(String hostPath, byte[] content) {
        files.bytes(hostPath, content);
        return this;
    }

    public AccessFixture gzip(String hostPath, String content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes(hostPath, b.toByteArray());
    }

    public AccessFixture link(String hostPath, String target) {
        files.link(hostPath, target);
        return this;
    }

    /** Sets a file's (or link's) modification time. */
    public AccessFixture mtime(String hostPath, Instant time) {
        try {
            Files.getFileAttributeView(at(hostPath), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(time), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public AccessFixture allModifiedAt(Instant time) {
        files.allModifiedAt(time);
        return this;
    }

    /** A sparse file of {@code size} bytes (nothing written: RandomAccessFile.setLength). */
    public AccessFixture sparse(String hostPath, long size) {
        try {
            Files.createDirectories(at(hostPath).getParent());
            try (RandomAccessFile f = new RandomAccessFile(at(hostPath).toFile(), "rw")) {
                f.setLength(size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A traditional syslog line (no year, local time of {@code zone}). */
    public static String bsd(Instant time, ZoneId zone, String host, String program, int pid, String message) {
        return BSD.format(time.atZone(zone)) + " " + host + " " + program + (pid > 0 ? "[" + pid + "]" : "") + ": "
                + message;
    }

    /** An RFC 3339 syslog line (rsyslog's default on Debian 12). */
    public static String iso(Instant time, ZoneId zone, String host, String program, int pid, String message) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atZone(zone).withNano(123456000)) + " " + host + " "
                + program + (pid > 0 ? "[" + pid + "]" : "") + ": " + message;
    }

    public static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binary utmp records, written the way glibc writes them. */
    public static final class Records {
        private final Utmp.Layout layout;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final java.util.TreeMap<Instant, List<byte[]>> byTime = new java.util.TreeMap<>();

        public Records(boolean time64) {
            this.layout = time64 ? Utmp.Layout.TIME64 : Utmp.Layout.TIME32;
        }

        public Records() {
            this(false);
        }

        public int size() {
            return layout.size;
        }

        private Records add(int type, int pid, String line, String user, String host, Instant time, String ip) {
            byte[] addr = null;
            if (ip != null) {
                try {
                    addr = java.net.InetAddress.getByName(ip).getAddress();
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            byte[] record = Utmp.write(layout, type, pid, line, user, host, time, addr);
            out.writeBytes(record);
            byTime.computeIfAbsent(time, k -> new ArrayList<>()).add(record);
            return this;
        }

        /** The records in time order, as a host appends them (records written with {@link #empty}/{@link #raw} left out). */
        public byte[] chronological() {
            ByteArrayOutputStream sorted = new ByteArrayOutputStream();
            byTime.values().forEach(l -> l.forEach(sorted::writeBytes));
            return sorted.toByteArray();
        }

        public Records boot(Instant time) {
            return add(Utmp.BOOT_TIME, 0, "~", "reboot", "6.1.0-18-amd64", time, null);
        }

        public Records shutdown(Instant time) {
            return add(Utmp.RUN_LVL, 0, "~", "shutdown", "6.1.0-18-amd64", time, null);
        }

        public Records login(String user, String tty, String host, Instant time) {
            return add(Utmp.USER_PROCESS, 4000, tty, user, host, time, host.isEmpty() ? null : host);
        }

        public Records logout(String tty, Instant time) {
            return add(Utmp.DEAD_PROCESS, 4000, tty, "", "", time, null);
        }

        public Records failure(String user, String host, Instant time) {
            return add(Utmp.LOGIN_PROCESS, 4100, "ssh:notty", user, host, time, host);
        }

        /** A zeroed record (what some wtmp cleaners leave). */
        public Records empty() {
            out.writeBytes(new byte[layout.size]);
            return this;
        }

        public Records raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** lastlog: one 292-byte record at uid * 292 for each (uid, time, tty, host). */
    public static byte[] lastlog(int maxUid, Object[]... entries) {
        ByteBuffer b = ByteBuffer.allocate((maxUid + 1) * LastlogCollector.SIZE32).order(ByteOrder.LITTLE_ENDIAN);
        for (Object[] e : entries) {
            int off = (Integer) e[0] * LastlogCollector.SIZE32;
            b.putInt(off, (int) ((Instant) e[1]).getEpochSecond());
            byte[] tty = ((String) e[2]).getBytes(StandardCharsets.UTF_8);
            byte[] host = ((String) e[3]).getBytes(StandardCharsets.UTF_8);
            b.put(off + 4, tty);
            b.put(off + 36, host);
        }
        return b.array();
    }

    /** Limits as shipped, with a clock. */
    public static AccessLimits limits(Clock clock) {
        return AccessLimits.defaults().withClock(clock);
    }

    public Snapshot snapshot() {
        return new Snapshot(root(), false, new Coverage());
    }

    /** Every access collector over the tree (offline); journalctl as given (null: none). */
    public Snapshot collect(AccessLimits limits, Path journalctl) {
        Snapshot s = snapshot();
        List<Collector> all = new ArrayList<>(LinuxAccessCollectors.all(limits));
        all.replaceAll(c -> c instanceof JournalCollector ? new JournalCollector(limits,
                journalctl == null ? root().resolve("no-journalctl") : journalctl) : c);
        for (Collector c : all) {
            c.collect(s, CollectOptions.defaults());
        }
        return s;
    }

    public Snapshot collect() {
        return collect(AccessLimits.defaults(), null);
    }

    public static DetectorContext context(Clock clock) {
        return new DetectorContext(DATA, clock, List.of(), new FileHasher(100L << 20));
    }

    /** Every access detector, the pivots last (seeing the others' findings). */
    public static List<Finding> detect(Snapshot snapshot, Clock clock) {
        return detect(snapshot, clock, List.of());
    }

    /** Every access detector, with findings of other detectors already made (for the pivots). */
    public static List<Finding> detect(Snapshot snapshot, Clock clock, List<Finding> earlier) {
        List<Finding> all = new ArrayList<>();
        DetectorContext context = context(clock);
        for (Detector d : AccessDetectors.all()) {
            all.addAll(d.detect(snapshot, context));
        }
        List<Finding> seen = new ArrayList<>(earlier);
        seen.addAll(all);
        for (Detector d : AccessDetectors.pivots()) {
            all.addAll(d.detect(snapshot, context.withEarlier(seen)));
        }
        return all;
    }

    public static String dump(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.severity() + " " + f.score() + " "
                + f.reasons().stream().map(r -> r.text() + " [" + r.weight() + "]").collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n"));
    }

    public static List<Finding> rule(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    public static Finding one(List<Finding> findings, String id) {
        List<Finding> r = rule(findings, id);
        if (r.size() != 1) {
            throw new AssertionError("expected one " + id + ", got " + r.size() + " in\n" + dump(findings));
        }
        return r.get(0);
    }

    public static boolean evidence(Finding f, String text) {
        return f.reasons().stream().map(Reason::text).anyMatch(t -> t.contains(text));
    }
}
