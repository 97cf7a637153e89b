package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.FileChange;
import dev.ferret.model.access.KeyEntry;
import dev.ferret.model.access.LoginEvent;
import dev.ferret.model.access.PackageFile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code linux.access.recent-files}: files in sensitive paths (the file timeline) changed in the same minutes as
 * something already suspicious — a login after a brute force or from a new address, an authorized_keys change, a
 * replaced package binary, or a high finding of another detector (a cron entry's file time, a dropped binary's time,
 * a miner's start). What the intruder touched around those moments, in one finding per cluster (medium).
 * <p>
 * Runs best as a pivot detector (after the others, seeing their findings in {@link DetectorContext#earlier()}); as a
 * primary detector it clusters around the access anchors alone.
 */
public final class RecentFilesDetector implements Detector {
    static final String ID = "linux.access.recent-files";

    /** A moment something suspicious happened. */
    private record Anchor(Instant time, String what, String path) {
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<FileChange> changes = a.facts.fileChanges();
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Anchor> anchors = anchors(a, snapshot, context);
        if (anchors.isEmpty()) {
            return List.of();
        }
        Duration window = Duration.ofMinutes(a.rule(ID).thresholdInt("minutes"));
        anchors.sort(Comparator.comparing(Anchor::time));
        List<List<Anchor>> groups = new ArrayList<>();
        for (Anchor an : anchors) {
            List<Anchor> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && !an.time().isAfter(last.get(last.size() - 1).time().plus(window.multipliedBy(2)))) {
                last.add(an);
            } else {
                groups.add(new ArrayList<>(List.of(an)));
            }
        }
        Set<String> anchorPaths = new HashSet<>();
        anchors.stream().map(Anchor::path).filter(java.util.Objects::nonNull).forEach(anchorPaths::add);
        int maxFiles = a.rule(ID).thresholdInt("max-files");
        Set<String> used = new HashSet<>();
        List<Finding> out = new ArrayList<>();
        for (List<Anchor> g : groups) {
            Instant from = g.get(0).time().minus(window);
            Instant to = g.get(g.size() - 1).time().plus(window);
            List<FileChange> hits = changes.stream().filter(c -> !anchorPaths.contains(c.path()) && !used.contains(c.path())
                    && (within(c.mtime(), from, to) || within(c.ctime(), from, to))).toList();
            if (hits.isEmpty()) {
                continue;
            }
            hits.forEach(c -> used.add(c.path()));
            List<FileChange> ranked = new ArrayList<>(hits);
            ranked.sort(Comparator.comparingInt(RecentFilesDetector::rank).thenComparing(FileChange::path));
            FileChange main = ranked.get(0);
            Finding.Builder f = Finding.builder(ID, hits.size() + " file(s) changed around " + g.get(0).what())
                    .category("file").technique(a.rule(ID).technique("indicator-removal"))
                    .file(new FileRef(main.path(), main.size(), main.mtime(), null, null))
                    .reason(hits.size() + " file(s) in sensitive paths changed between " + AccessContext.at(from) + " and "
                            + AccessContext.at(to) + ", around: " + String.join("; ", distinctTimes(g).stream().limit(5)
                            .map(x -> x.what() + " at " + AccessContext.at(x.time())).toList()),
                            a.rule(ID).weight("cluster"));
            if (rank(main) == 0) {
                f.reason(main.path() + " is an executable in a " + main.role() + " place", a.rule(ID).weight("executable"));
            }
            List<FileChange> shown = new ArrayList<>(ranked.subList(0, Math.min(maxFiles, ranked.size())));
            shown.sort(Comparator.comparing(FileChange::changed));
            for (FileChange c : shown) {
                f.reason(AccessContext.at(c.changed()) + " " + c.path() + " (" + c.role() + (c.owner() == null ? ""
                        : ", owner " + c.owner()) + ", " + c.size() + " bytes" + (c.elf() ? ", ELF" : c.executable()
                        ? ", executable" : "") + (c.linkTarget() == null ? "" : ", link to " + c.linkTarget()) + ")", 0);
            }
            if (ranked.size() > shown.size()) {
                f.reason("and " + (ranked.size() - shown.size()) + " more", 0);
            }
            EventTimes.add(f, shown.get(0).changed(), shown.get(0).path() + " changed, the first of " + hits.size()
                    + " file(s) around " + g.get(0).what());
            f.respond("preserve these files (content, times, hashes) before cleaning: they are what the intruder "
                    + "touched; check each against its package (dpkg -S, debsums) or owner");
            out.add(f.build());
        }
        return out;
    }

    /** One anchor per second: several findings about one moment name it once. */
    private static List<Anchor> distinctTimes(List<Anchor> group) {
        List<Anchor> out = new ArrayList<>();
        for (Anchor a : group) {
            if (out.stream().noneMatch(o -> Duration.between(o.time(), a.time()).abs().getSeconds() < 1)) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && !t.isAfter(to);
    }

    /** 0: an executable in a system, temp or home place; 1: other system/temp/boot/schedule files; 2: the rest. */
    private static int rank(FileChange c) {
        boolean exec = c.elf() || c.executable();
        String role = c.role();
        if (exec && (role.equals("system") || role.equals("temp") || role.equals("home"))) {
            return 0;
        }
        return role.equals("home") || role.equals("config") ? 2 : 1;
    }

    private static List<Anchor> anchors(AccessContext a, Snapshot snapshot, DetectorContext context) {
        List<Anchor> out = new ArrayList<>();
        Logins logins = new Logins(a.facts);
        for (Logins.Breach b : logins.breaches(a.weight("access.bruteforce.success.failures"))) {
            out.add(new Anchor(b.login().time(), "the login of " + b.login().user() + " from " + b.source()
                    + " after a brute force", null));
        }
        for (LoginEvent e : logins.firstFromNewSources(Duration.ofDays(a.weight("access.newsource.history.days")))) {
            if (a.isRecent(e.time())) {
                out.add(new Anchor(e.time(), "the first login of " + e.user() + " from " + e.source(), null));
            }
        }
        for (KeyEntry k : a.facts.keys()) {
            if (k.lastKey() && a.isRecent(k.fileMtime())) {
                out.add(new Anchor(k.fileMtime(), "the change of " + k.path(), k.path()));
            }
        }
        for (PackageFile p : a.facts.packageFiles()) {
            if (p.status() == PackageFile.Status.CHANGED && a.isRecent(p.mtime())) {
                out.add(new Anchor(p.mtime(), "the replacement of " + p.path(), p.path()));
            }
        }
        for (Finding f : context.earlier()) {
            if (f.ruleId().equals(ID) || f.severity().compareTo(Severity.HIGH) < 0) {
                continue;
            }
            String label = f.ruleName();
            for (EventTimes.Timed t : EventTimes.of(f)) {
                if (a.isRecent(t.time())) {
                    out.add(new Anchor(t.time(), label, null));
                }
            }
            if (f.persistence() != null && a.isRecent(f.persistence().mtime())) {
                out.add(new Anchor(f.persistence().mtime(), label + " (" + f.persistence().location() + ")",
                        f.persistence().path()));
            }
            if (f.file() != null && a.isRecent(f.file().mtime())) {
                out.add(new Anchor(f.file().mtime(), label + " (" + f.file().path() + ")", f.file().path()));
            }
            if (f.process() != null) {
                snapshot.process(f.process().pid()).map(p -> p.startTime()).filter(a::isRecent).ifPresent(t ->
                        out.add(new Anchor(t, label + " (process " + f.process().pid() + " started)", null)));
            }
        }
        return out;
    }
}
