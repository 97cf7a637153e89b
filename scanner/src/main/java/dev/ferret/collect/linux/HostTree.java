package dev.ferret.collect.linux;

import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The scanned host's file tree as seen by one collector area: paths are host paths ("/etc/cron.d/x") resolved under
 * the snapshot's root with every symlink resolved inside it ({@link RootedFiles}), so a mounted image's absolute
 * links never lead to the live host. What cannot be looked at becomes a coverage gap of the area, once per snapshot.
 * Nothing here throws an I/O exception at its caller. Areas add their own reading on top.
 */
public class HostTree {
    /** Gaps already recorded, per snapshot; keyed by area too, so two areas still each report their own gap. */
    private static final Map<Snapshot, Set<String>> REPORTED = new WeakHashMap<>();

    private final Snapshot snapshot;
    private final Path root;
    private final String area;
    private final int maxDirEntries;

    protected HostTree(Snapshot snapshot, String area, int maxDirEntries) {
        this.snapshot = snapshot;
        this.root = snapshot.root().toAbsolutePath().normalize();
        this.area = area;
        this.maxDirEntries = maxDirEntries;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Path root() {
        return root;
    }

    /**
     * Records a gap once per snapshot: several collectors read the same files (every one reads /etc/passwd), and
     * one unreadable file is one gap.
     */
    public void gap(String reason, String subject) {
        Set<String> seen;
        synchronized (REPORTED) {
            seen = REPORTED.computeIfAbsent(snapshot, k -> new HashSet<>());
        }
        synchronized (seen) {
            if (!seen.add(area + "\u0000" + reason + "\u0000" + subject)) {
                return;
            }
        }
        snapshot.coverage().gap(area, reason, subject);
    }

    /** Where a host path lives under the root, links resolved inside it; empty when missing or masked. */
    public Optional<Path> resolve(String hostPath) {
        RootedFiles.Resolution r = RootedFiles.resolve(root, hostPath);
        if (r.status() == RootedFiles.Status.LOOP) {
            gap("symlink loop or too many links", hostPath);
        }
        return r.status() == RootedFiles.Status.FOUND ? Optional.of(r.path()) : Optional.empty();
    }

    /** The host path of a location under the root ("/" + its path relative to the root). */
    public String hostPathOf(Path real) {
        return RootedFiles.hostPath(root, real);
    }

    /** The path of the last component itself (not followed), its parent directory resolved inside the root. */
    public Optional<Path> unresolved(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
        return resolve(parent).map(dir -> dir.resolve(hostPath.substring(slash + 1)));
    }

    /** The raw target when the host path itself is a symlink (its parents resolved inside the root). */
    public Optional<String> linkTarget(String hostPath) {
        Optional<Path> link = unresolved(hostPath);
        try {
            return link.isPresent() && Files.isSymbolicLink(link.get())
                    ? Optional.of(Files.readSymbolicLink(link.get()).toString()) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    public boolean isDirectory(String hostPath) {
        return resolve(hostPath).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    /**
     * The children of a directory as host paths ({@code dir + "/" + name}), sorted by name; empty when the
     * directory does not exist. Unreadable directories and overlong listings are recorded in coverage.
     */
    public List<String> list(String hostDir) {
        Optional<Path> dir = resolve(hostDir);
        if (dir.isEmpty() || !Files.isDirectory(dir.get(), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.get())) {
            for (Path child : s) {
                if (names.size() >= maxDirEntries) {
                    gap("directory has more than " + maxDirEntries + " entries; the rest was skipped", hostDir);
                    break;
                }
                names.add(child.getFileName().toString());
            }
        } catch (AccessDeniedException e) {
            gap("permission denied", hostDir);
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            gap("directory unreadable", hostDir + ": " + describe(e));
        }
        names.sort(null);
        String prefix = hostDir.endsWith("/") ? hostDir : hostDir + "/";
        return names.stream().map(n -> prefix + n).toList();
    }

    /** How an error reads in a gap's subject; areas that already report the exception class override this. */
    protected String describe(Exception e) {
        return e.getMessage();
    }

    /**
     * The real path of a regular file, for opening; empty (silently) when it does not exist or is a directory,
     * empty with a gap when it is a FIFO, socket or device (opening one could block or have side effects).
     */
    public Optional<Path> regular(String hostPath) {
        Optional<Path> found = resolve(hostPath);
        if (found.isEmpty() || Files.isDirectory(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            gap("not a regular file (FIFO, socket or device): not opened", hostPath);
            return Optional.empty();
        }
        return found;
    }

    /** The last component of a host path. */
    public static String name(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash >= 0 ? hostPath.substring(slash + 1) : hostPath;
    }

    /** The directory of a host path. */
    public static String parent(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash <= 0 ? "/" : hostPath.substring(0, slash);
    }
}
