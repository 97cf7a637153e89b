package dev.ferret.collect.files;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.data.Thresholds;
import dev.ferret.model.Coverage;
import dev.ferret.model.FileEntry;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Lists the files in the places malware lives (system trees, temp dirs, hidden dirs in homes), metadata
 * only. Never follows symlinks, stays on the filesystem of each root, never enters skipped trees.
 * Full unix attributes (mode, owner, ctime) are read only for files in temp, hidden or dot-named places,
 * so the system trees cost one stat per file.
 */
public final class LocationSweep implements Collector {
    private static final String AREA = "files";
    private final SweepLocations locations;
    private final Thresholds thresholds;

    public LocationSweep(SweepLocations locations, Thresholds thresholds) {
        this.locations = locations;
        this.thresholds = thresholds;
    }

    @Override
    public String area() {
        return AREA;
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        int maxDepth = thresholds.integer("sweep.max.depth");
        int maxFiles = thresholds.integer("sweep.max.files");
        List<FileEntry> found = new ArrayList<>();
        for (SweepLocations.Location location : locations.locations()) {
            for (String hostPath : expand(snapshot, location.path())) {
                Path start = snapshot.hostPath(hostPath);
                if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // absent, or a merged-/usr link such as /bin -> usr/bin: walked once, elsewhere
                }
                walk(snapshot, start, location.role(), maxDepth, maxFiles, found);
            }
        }
        snapshot.coverage().add(AREA, "files listed", found.size());
        snapshot.addFiles(found);
    }

    /** Expands one-level '*' parts (e.g. /home/*) within the scanned tree. */
    private static List<String> expand(Snapshot snapshot, String pattern) {
        int star = pattern.indexOf("/*");
        if (star < 0) {
            return List.of(pattern);
        }
        String parent = pattern.substring(0, star);
        List<String> result = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(snapshot.hostPath(parent))) {
            for (Path child : children) {
                result.add(parent + "/" + child.getFileName());
            }
        } catch (IOException e) {
            // no such parent in this tree
        }
        return result;
    }

    private void walk(Snapshot snapshot, Path start, String role, int maxDepth, int maxFiles, List<FileEntry> out) {
        Coverage coverage = snapshot.coverage();
        final Object startDevice = device(start);
        final int[] count = {0};
        try {
            Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), maxDepth,
                    new FileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String hostPath = snapshot.hostPathOf(dir);
                            if (locations.skipped(hostPath)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (!dir.equals(start) && startDevice != null && !startDevice.equals(device(dir))) {
                                coverage.gap(AREA, "other filesystem not entered", hostPath);
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!attrs.isRegularFile()) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (++count[0] > maxFiles) {
                                coverage.gap(AREA, "file limit per location reached (sweep.max.files)",
                                        snapshot.hostPathOf(start));
                                return FileVisitResult.TERMINATE;
                            }
                            out.add(entry(file, snapshot.hostPathOf(file), role, attrs));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            String reason = e instanceof AccessDeniedException ? "permission denied"
                                    : "unreadable (" + e.getClass().getSimpleName() + ")";
                            coverage.gap(AREA, reason, snapshot.hostPathOf(file));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            coverage.gap(AREA, "walk failed: " + e.getMessage(), snapshot.hostPathOf(start));
        }
    }

    private static FileEntry entry(Path file, String hostPath, String role, BasicFileAttributes attrs) {
        Instant mtime = attrs.lastModifiedTime().toInstant();
        boolean detailed = !role.equals("system") || hostPath.contains("/.");
        if (!detailed) {
            return new FileEntry(hostPath, role, attrs.size(), mtime, null, 0, -1, false);
        }
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,ctime", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) unix.get("mode");
            return new FileEntry(hostPath, role, attrs.size(), mtime, ((FileTime) unix.get("ctime")).toInstant(),
                    mode, (Integer) unix.get("uid"), (mode & 0111) != 0);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new FileEntry(hostPath, role, attrs.size(), mtime, null, 0, -1, false);
        }
    }

    private static Object device(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

}
