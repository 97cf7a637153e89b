package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.data.Thresholds;
import dev.ferret.data.rules.Rule;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the persistence detectors share: the ATT&amp;CK technique of each persistence mechanism, the weak
 * "recently changed" hint, the weighting of package-shipped systemd units, path judgements, and file references
 * with hashes.
 * <p>
 * <b>Package-shipped units.</b> Units under /usr/lib/systemd and /lib/systemd belong to packages: they change
 * with upgrades (so a recent time means little), and some legitimately touch /tmp (cleaning X11 sockets...).
 * An attacker's unit normally lands in /etc/systemd/system or a user's ~/.config/systemd/user, where the
 * administrator's own units live. So path-only and recent-change hints about package units are scaled by
 * {@code persistence.vendor.unit.factor}; strong command patterns (download-and-execute, reverse shells) count
 * fully wherever they are, since no package ships those.
 */
final class Hints {
    static final String CRON = "cron";
    static final String INIT = "init";
    static final String SYSTEMD = "systemd";
    static final String PROFILE = "profile";
    static final String SUPERVISORD = "supervisord";
    static final String PRELOAD = "preload";
    static final String SSH_KEY = "ssh-key";

    static final String PRELOAD_FILE = "/etc/ld.so.preload";

    private static final List<String> VENDOR_UNIT_DIRS = List.of("/usr/lib/systemd/", "/lib/systemd/");
    /**
     * A package-like shared library in the distribution's library directories (not /usr/local): lib*.so[.N],
     * no dot-named directory on the way. What jemalloc, tcmalloc, coreutils' libstdbuf or snoopy look like.
     */
    private static final Pattern SYSTEM_LIBRARY = Pattern.compile(
            "^/(usr/)?(lib|lib32|lib64|libx32|libexec)/([^/.][^/]*/)*lib[^/]*\\.so(\\.[0-9]+)*$");

    private Hints() {
    }

    /**
     * The ATT&amp;CK technique of a persistence mechanism, as the rule declares it under the entry's kind (cron,
     * init, systemd, profile, supervisord, preload, ssh-key) or else under "other-mechanism".
     */
    static String technique(Rule rule, String kind) {
        return rule.technique(rule.techniques().containsKey(kind) ? kind : "other-mechanism");
    }

    /** "cron line", "systemd unit line", "login profile line"... for reason texts. */
    static String label(PersistenceEntry e) {
        String what = switch (e.kind()) {
            case CRON -> "cron";
            case INIT -> "init script";
            case SYSTEMD -> "systemd unit";
            case PROFILE -> "shell start-up file";
            case SUPERVISORD -> "supervisord config";
            case PRELOAD -> "preload";
            case SSH_KEY -> "authorized key";
            default -> e.kind();
        };
        return what + " " + e.location();
    }

    static boolean vendorUnit(PersistenceEntry e) {
        return e.kind().equals(SYSTEMD) && VENDOR_UNIT_DIRS.stream().anyMatch(e.path()::startsWith);
    }

    /** 1, or the package-unit factor for package-shipped units. */
    static double factor(PersistenceEntry e, Thresholds t) {
        return vendorUnit(e) ? t.number("persistence.vendor.unit.factor") : 1.0;
    }

    static int scaled(int weight, double factor) {
        return (int) Math.round(weight * factor);
    }

    /** The weak "changed recently" hint, when the entry's file changed within persistence.recent.days. */
    static Optional<Reason> recent(PersistenceEntry e, DetectorContext context) {
        return recent(e.path(), e.mtime(), context, context.data().thresholds().integer("persistence.recent.weight"),
                factor(e, context.data().thresholds()));
    }

    static Optional<Reason> recent(String path, Instant mtime, DetectorContext context, int weight, double factor) {
        if (mtime == null) {
            return Optional.empty();
        }
        Thresholds t = context.data().thresholds();
        int days = t.integer("persistence.recent.days");
        Instant now = context.clock().instant();
        if (mtime.isBefore(now.minus(Duration.ofDays(days)))) {
            return Optional.empty();
        }
        String when = mtime.isAfter(now) ? "in the future (clock skew or a forged time)" : "within the last " + days + " days";
        return Optional.of(new Reason(path + " was modified " + mtime + ", " + when,
                scaled(weight, factor)));
    }

    static void addRecent(Finding.Builder f, PersistenceEntry e, DetectorContext context) {
        recent(e, context).ifPresent(r -> f.reason(r.text(), r.weight()));
    }

    /** Reasons a referenced path gives: the strongest suspicious-path pattern and the strongest file-name IOC. */
    static List<Reason> pathReasons(String ref, DetectorContext context, double factor) {
        List<Reason> out = new ArrayList<>();
        new PathJudge(context.data()).judge(ref).ifPresent(p ->
                out.add(new Reason(ref + ": " + PathJudge.describe(p), scaled(p.score(), factor))));
        // the IOC names are examples of a class: they add weight, the location judgement above is the detection
        context.data().iocs().fileNameMatches(ref).stream().max(Comparator.comparingInt(WeightedPattern::score))
                .ifPresent(p -> out.add(new Reason(ref + ": its name matches a file-name IOC"
                        + (p.description() == null || p.description().isEmpty() ? "" : " (" + p.description() + ")"),
                        p.score())));
        return out;
    }

    static boolean suspicious(String ref, DetectorContext context) {
        return new PathJudge(context.data()).judge(ref).isPresent()
                || !context.data().iocs().fileNameMatches(ref).isEmpty();
    }

    /** True for a package-like library in a system library directory (see {@link #SYSTEM_LIBRARY}). */
    static boolean systemLibrary(String path) {
        return path != null && SYSTEM_LIBRARY.matcher(path).matches() && !path.contains("/.");
    }

    /**
     * True for a path that can name one file: no trailing slash, variable or glob, and not a directory under the
     * scanned root. Only such paths become a finding's file or a quarantine step ("quarantine /tmp/" must never
     * be suggested).
     */
    static boolean concrete(Snapshot snapshot, String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.matches(".*[$*?\\[\\]`{}].*")) {
            return false;
        }
        Path real = RootedFiles.locate(snapshot.root(), path);
        return real == null || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS);
    }

    /** A file the finding is about, with size, time and hashes when it exists under the scanned root. */
    static FileRef file(Snapshot snapshot, DetectorContext context, String hostPath) {
        Path real = RootedFiles.locate(snapshot.root(), hostPath);
        if (real == null || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return FileRef.of(hostPath);
        }
        Long size = null;
        Instant mtime = null;
        try {
            size = Files.size(real);
            mtime = Files.getLastModifiedTime(real, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException | SecurityException e) {
            // metadata stays unknown
        }
        Optional<FileHasher.Hashes> h = context.hasher() == null ? Optional.empty() : context.hasher().hash(real);
        return new FileRef(hostPath, size, mtime, h.map(FileHasher.Hashes::md5).orElse(null),
                h.map(FileHasher.Hashes::sha256).orElse(null));
    }

    /** True when the file exists under the scanned root. */
    static boolean exists(Snapshot snapshot, String hostPath) {
        return RootedFiles.locate(snapshot.root(), hostPath) != null;
    }

    /** A hash IOC for the file, as a reason. */
    static Optional<Reason> hashIoc(FileRef file, DetectorContext context, Rule rule) {
        for (String h : new String[] {file.md5(), file.sha256()}) {
            if (h != null) {
                var ioc = context.data().iocs().hash(h);
                if (ioc.isPresent()) {
                    return Optional.of(new Reason(file.path() + " has the hash of a known malicious file ("
                            + ioc.get().description() + ")", rule.weight("hash-ioc")));
                }
            }
        }
        return Optional.empty();
    }

    /** Shortens long evidence text. */
    static String quote(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        return "'" + (s.length() > 160 ? s.substring(0, 157) + "..." : s) + "'";
    }
}
