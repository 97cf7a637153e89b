package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.FileChange;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Files created or modified in a window (the last {@code access.timeline.days} before the host's "now": the scan
 * time live, the newest log event in an image) under the sensitive paths of {@code access-paths.txt}, with mtime,
 * ctime, owner and mode. Symlinks are recorded with their target, never followed; each real directory is walked
 * once (/bin and /usr/bin on a merged-/usr system), other filesystems are not entered.
 * <p>
 * ctime cannot be set back by a user (mtime can, with touch -r), so either time in the window counts — unless most
 * of the tree has a recent ctime: then it was copied or restored and ctime means nothing (a coverage note says so).
 * Bounded: files visited, entries kept (the newest), depth and time.
 */
public final class FileTimelineCollector extends AccessCollector {
    private final AccessPaths paths;

    public FileTimelineCollector(AccessLimits limits) {
        this(limits, AccessPaths.builtIn());
    }

    public FileTimelineCollector(AccessLimits limits, AccessPaths paths) {
        super(limits);
        this.paths = paths;
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        Instant reference = facts.reference(files.snapshot(), limits.clock());
        Instant since = reference.minus(Duration.ofDays(limits.timelineDays()));
        Users users = Users.of(files);
        Walk walk = new Walk(files, since, reference.plus(Duration.ofDays(1)), limits.timelineMaxFiles(),
                System.nanoTime() + limits.timelineMaxTime().toNanos());
        Set<Path> walked = new HashSet<>();
        for (AccessPaths.Root root : paths.timeline()) {
            for (String start : expand(files, root.path())) {
                Optional<Path> real = files.resolve(start);
                if (real.isEmpty() || !Files.isDirectory(real.get(), LinkOption.NOFOLLOW_LINKS) || !walked.add(real.get())) {
                    continue;
                }
                walk.run(real.get(), root.role());
                if (walk.stopped) {
                    break;
                }
            }
        }
        boolean ctimeUseless = walk.visited > 100 && walk.ctimeRecent > walk.visited * limits.timelineCtimeBulkShare();
        if (ctimeUseless) {
            files.snapshot().coverage().note("access: most files have a recent ctime (a copied or restored tree): the file "
                    + "timeline uses modification times only");
        }
        if (walk.dropped > 0 && !ctimeUseless) {
            files.gap("more files changed than access.timeline.max.entries: only the newest were kept",
                    walk.dropped + " older changes");
        }
        List<FileChange> out = new ArrayList<>();
        for (Candidate c : ctimeUseless ? walk.byMtime : walk.kept) {
            boolean elf = c.executable && c.link == null && elf(c.real);
            out.add(new FileChange(c.hostPath, c.role, c.mtime, ctimeUseless ? null : c.ctime, c.uid,
                    c.uid < 0 ? null : users.name(c.uid), c.size, c.mode, c.executable, elf, c.link));
        }
        out.sort(Comparator.comparing(FileChange::changed, Comparator.nullsFirst(Comparator.naturalOrder())));
        files.count("timeline files visited", walk.visited);
        files.count("timeline files changed in window", out.size());
        facts.addFileChanges(out, since);
        paths.problems().forEach(p -> files.snapshot().coverage().note("access data: " + p));
    }

    private static List<String> expand(AccessFiles files, String pattern) {
        int star = pattern.indexOf("/*");
        if (star < 0) {
            return List.of(pattern);
        }
        String rest = pattern.substring(star + 2);
        List<String> out = new ArrayList<>();
        for (String child : files.list(pattern.substring(0, star))) {
            out.add(child + rest);
        }
        return out;
    }

    private static boolean elf(Path real) {
        try {
            // non-blocking and type-checked on the descriptor: a FIFO planted among recent files never stalls
            byte[] b = ProcFiles.readBytes(real, 4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** A file in the window, before it becomes a fact. */
    private record Candidate(String hostPath, Path real, String role, Instant mtime, Instant ctime, int uid, long size,
                             int mode, boolean executable, String link) {
        Instant changed() {
            return ctime == null || (mtime != null && mtime.isAfter(ctime)) ? mtime : ctime;
        }
    }

    /** One walk state over all roots. */
    private final class Walk {
        final AccessFiles files;
        final Instant since;
        /** A ctime after this was set by a copy of the tree made after the host's "now", not by the host. */
        final Instant future;
        final int maxFiles;
        final long deadline;
        final PriorityQueue<Candidate> kept = new PriorityQueue<>(Comparator.comparing(Candidate::changed));
        /** The same by mtime alone, for a tree whose ctimes turn out to be useless. */
        final PriorityQueue<Candidate> byMtime = new PriorityQueue<>(Comparator.comparing(Candidate::mtime));
        long dropped;
        long visited;
        long ctimeRecent;
        boolean stopped;

        Walk(AccessFiles files, Instant since, Instant future, int maxFiles, long deadline) {
            this.files = files;
            this.since = since;
            this.future = future;
            this.maxFiles = maxFiles;
            this.deadline = deadline;
        }

        void run(Path start, String role) {
            Object device = device(start);
            try {
                Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), limits.timelineMaxDepth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                String host = files.hostPathOf(dir);
                                if (paths.skipped(host)) {
                                    return FileVisitResult.SKIP_SUBTREE;
                                }
                                if (!dir.equals(start) && device != null && !device.equals(device(dir))) {
                                    files.gap("other filesystem not entered by the file timeline", host);
                                    return FileVisitResult.SKIP_SUBTREE;
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isDirectory()) {
                                    return FileVisitResult.CONTINUE; // a directory at the depth limit
                                }
                                if (++visited > maxFiles || ((visited & 1023) == 0 && System.nanoTime() > deadline)) {
                                    files.gap(visited > maxFiles ? "file timeline stopped at access.timeline.max.files"
                                            : "file timeline stopped at access.timeline.max.seconds", files.hostPathOf(file));
                                    stopped = true;
                                    return FileVisitResult.TERMINATE;
                                }
                                if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                                    return FileVisitResult.CONTINUE; // FIFOs, sockets, devices: metadata is not content
                                }
                                consider(file, role, attrs);
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                files.gap(e instanceof AccessDeniedException ? "permission denied"
                                        : "unreadable (" + e.getClass().getSimpleName() + ")", files.hostPathOf(file));
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                files.gap("file timeline walk failed: " + e.getMessage(), files.hostPathOf(start));
            }
        }

        private void consider(Path file, String role, BasicFileAttributes attrs) {
            Instant mtime = attrs.lastModifiedTime().toInstant();
            AccessFiles.Stat st = AccessFiles.stat(file).orElse(null);
            Instant ctime = st == null ? null : st.ctime();
            if (ctime != null && ctime.isAfter(future)) {
                ctime = null; // the tree was copied after the image's time: ctime tells nothing about the host
            }
            if (ctime != null && !ctime.isBefore(since)) {
                ctimeRecent++;
            }
            boolean recent = !mtime.isBefore(since) || (ctime != null && !ctime.isBefore(since));
            if (!recent) {
                return;
            }
            String link = null;
            if (attrs.isSymbolicLink()) {
                try {
                    link = Files.readSymbolicLink(file).toString();
                } catch (IOException | SecurityException e) {
                    link = "?";
                }
            }
            int mode = st == null ? 0 : st.mode();
            Candidate c = new Candidate(files.hostPathOf(file), file, role, mtime, ctime, st == null ? -1 : st.uid(),
                    attrs.size(), mode, (mode & 0111) != 0 && attrs.isRegularFile(), link);
            kept.add(c);
            if (kept.size() > limits.timelineMaxEntries()) {
                kept.poll();
                dropped++;
            }
            if (!mtime.isBefore(since)) {
                byMtime.add(c);
                if (byMtime.size() > limits.timelineMaxEntries()) {
                    byMtime.poll();
                }
            }
        }
    }

    private static Object device(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            return a.get("dev");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
