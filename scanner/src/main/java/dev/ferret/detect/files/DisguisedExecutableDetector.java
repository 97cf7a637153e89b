package dev.ferret.detect.files;

import dev.ferret.collect.linux.dpkg.PackagedFiles;
import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;
import dev.ferret.data.WeightedPattern;
import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Executables that are packed, disguised or foreign: a packer's mark (UPX) in an ELF file, an ELF named like a
 * kernel thread (kernel threads have no file: {@code .configrc/a/kswapd0}), a script posing as a {@code lib*.so}
 * in a library directory, and an executable in a package-managed directory that no package owns. Each is weighed
 * by place and age; several together make a high finding. Packaged files are left to the package check.
 */
public final class DisguisedExecutableDetector implements Detector {
    public static final String ID = "file.disguised-executable";
    private static final int HEAD = 4096;
    private static final Pattern LIBRARY_NAME = Pattern.compile("^lib[^/]*\\.so(\\.[0-9.]+)?$");
    private static final List<Pattern> KERNEL_THREAD_NAMES = patterns("kernel-thread-names.txt");
    private static final List<Pattern> PACKAGE_MANAGED = patterns("package-managed-dirs.txt");
    private static final List<String[]> PACKER_MARKS = DataFileReader
            .readResource("ferret/signatures/detect/packer-marks.txt").stream()
            .map(l -> l.text().split(";", 2)).filter(f -> f.length == 2).toList();

    private static List<Pattern> patterns(String file) {
        return DataFileReader.readResource("ferret/signatures/detect/" + file).stream()
                .map(DataLine::text).map(Pattern::compile).toList();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void prepare(Snapshot snapshot) {
        PackagedFiles.of(snapshot);
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        PathJudge judge = new PathJudge(context.data());
        Optional<PackagedFiles> packages = PackagedFiles.of(snapshot);
        Instant recentSince = context.clock().instant().minus(Duration.ofDays(rule.thresholdInt("recent-days")));
        List<Finding> findings = new ArrayList<>();
        for (FileEntry e : snapshot.files()) {
            boolean managedDir = managed(e.path());
            if (packages.isPresent() && packages.get().owns(e.path())) {
                continue; // the package check vouches for it, or reports it replaced
            }
            if (packages.isEmpty() && managedDir) {
                continue; // ownership unknown (no dpkg database): a system directory is not judged blind
            }
            boolean libraryName = managedDir && LIBRARY_NAME.matcher(e.fileName()).matches();
            boolean threadName = KERNEL_THREAD_NAMES.stream().anyMatch(k -> k.matcher(e.fileName()).find());
            boolean unowned = managedDir && packages.isPresent();
            if (!libraryName && !threadName && !unowned && !e.executable()) {
                continue;
            }
            Path file = snapshot.hostPath(e.path());
            byte[] head = head(file);
            if (head.length < 4) {
                continue;
            }
            boolean elf = head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
            boolean script = head[0] == '#' && head[1] == '!';
            List<Reason> reasons = new ArrayList<>();
            Optional<String> packer = elf ? packer(head) : Optional.empty();
            packer.ifPresent(p -> reasons.add(new Reason("ELF file packed with " + p + " (hides its strings "
                    + "from signatures)", rule.weight("packed"))));
            if (elf && threadName) {
                reasons.add(new Reason("ELF file named " + e.fileName() + ", like a kernel thread: kernel "
                        + "threads have no file on disk", rule.weight("kernel-thread-name")));
            }
            if (libraryName && !elf && (script || e.executable() || mode(file) != 0)) {
                reasons.add(new Reason((script ? "a script" : "not an ELF file") + " named like a shared "
                        + "library in a library directory", rule.weight("script-as-library")));
            }
            boolean foreign = unowned && (elf || script) && executable(e, file);
            if (reasons.isEmpty() && !foreign) {
                continue;
            }
            if (foreign) {
                reasons.add(new Reason((elf ? "ELF" : "script") + " executable in a package-managed "
                        + "directory that no package owns", rule.weight("unowned")));
            }
            Instant changed = snapshot.live() ? latest(e, file) : e.mtime(); // a copied tree's ctimes are the copy's
            if (changed != null && changed.isAfter(recentSince)) {
                reasons.add(new Reason("changed " + changed + ", within " + rule.thresholdInt("recent-days")
                        + " days of the scan", rule.weight("recent")));
            }
            Optional<WeightedPattern> where = judge.judge(e.path());
            where.ifPresent(w -> reasons.add(new Reason(PathJudge.describe(w), w.score())));
            var hashes = context.hasher().hash(file);
            Finding.Builder b = Finding.builder(ID, rule.title()).category("file")
                    .technique(rule.techniques("masquerading", "obfuscation"))
                    .file(new FileRef(e.path(), e.size(), e.mtime(), hashes.map(h -> h.md5()).orElse(null),
                            hashes.map(h -> h.sha256()).orElse(null)))
                    .respond("record the hashes of " + e.path() + " and quarantine it; find what runs it");
            reasons.forEach(r -> b.reason(r.text(), r.weight()));
            findings.add(b.build());
        }
        return findings;
    }

    private static boolean managed(String path) {
        return PACKAGE_MANAGED.stream().anyMatch(p -> p.matcher(path).find());
    }

    private static Optional<String> packer(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return PACKER_MARKS.stream().filter(m -> text.contains(m[1])).map(m -> m[0]).findFirst();
    }

    private static byte[] head(Path file) {
        try {
            return dev.ferret.collect.linux.ProcFiles.readBytes(file, HEAD); // non-blocking, regular files only
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The location sweep records modes only outside system trees: asked here for the few candidates. */
    private static int mode(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0111;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static boolean executable(FileEntry e, Path file) {
        return e.executable() || mode(file) != 0;
    }

    /** The later of mtime and ctime on a live host: a dropper can set the mtime back, not the ctime. */
    private static Instant latest(FileEntry e, Path file) {
        Instant ctime = e.ctime();
        if (ctime == null) {
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
                ctime = ((FileTime) a.get("ctime")).toInstant();
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
                ctime = null;
            }
        }
        if (ctime == null || (e.mtime() != null && e.mtime().isAfter(ctime))) {
            return e.mtime();
        }
        return ctime;
    }
}
