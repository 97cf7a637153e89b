package dev.ferret.collect.linux.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path as the scanned host would see it, one component at a time, inside a root (like chroot):
 * absolute link targets restart at the root, ".." stops at the root, and links in <em>parent</em> directories
 * are resolved too. ({@link dev.ferret.collect.linux.RootedPath} resolves links in the last component only;
 * an image whose {@code /lib} is an absolute link to {@code /usr/lib} would otherwise be read through the
 * live host's {@code /usr/lib}.)
 */
public final class RootedFiles {
    private static final int MAX_LINKS = 40;

    /** How a lookup ended. */
    public enum Status { FOUND, MISSING, LOOP, MASKED }

    /** The outcome; {@code path} is the real location under the root when {@code status} is FOUND. */
    public record Resolution(Status status, Path path) {
    }

    private RootedFiles() {
    }

    /**
     * Looks up {@code hostPath} (absolute, as on the scanned host) under {@code root}. A link to /dev/null (a
     * masked systemd unit) ends as MASKED without touching any device.
     */
    public static Resolution resolve(Path root, String hostPath) {
        Path base = root.toAbsolutePath().normalize();
        Deque<String> todo = new ArrayDeque<>();
        push(todo, hostPath);
        Path current = base;
        int links = 0;
        try {
            while (!todo.isEmpty()) {
                String c = todo.pop();
                if (c.isEmpty() || c.equals(".")) {
                    continue;
                }
                if (c.equals("..")) {
                    if (!current.equals(base)) {
                        current = current.getParent();
                    }
                    continue;
                }
                Path next = dev.ferret.model.PathBytes.resolve(current, c);
                if (Files.isSymbolicLink(next)) {
                    if (++links > MAX_LINKS) {
                        return new Resolution(Status.LOOP, null);
                    }
                    String target = dev.ferret.model.PathBytes.text(Files.readSymbolicLink(next));
                    if (target.equals("/dev/null")) {
                        return new Resolution(Status.MASKED, null);
                    }
                    if (target.startsWith("/")) {
                        current = base;
                    }
                    push(todo, target);
                    continue;
                }
                if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                    return new Resolution(Status.MISSING, null);
                }
                current = next;
            }
        } catch (IOException | SecurityException e) {
            return new Resolution(Status.MISSING, null);
        }
        return new Resolution(Status.FOUND, current);
    }

    /** The real location of {@code hostPath} under {@code root}, or null when it does not resolve. */
    public static Path locate(Path root, String hostPath) {
        Resolution r = resolve(root, hostPath);
        return r.status() == Status.FOUND ? r.path() : null;
    }

    /** "/" + the path of {@code real} relative to {@code root}. */
    public static String hostPath(Path root, Path real) {
        Path base = root.toAbsolutePath().normalize();
        Path rel = base.relativize(real.toAbsolutePath().normalize());
        String s = dev.ferret.model.PathBytes.text(rel).replace('\\', '/');
        return s.isEmpty() ? "/" : "/" + s;
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }
}
