package dev.ferret.collect.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves symlinks inside a scanned tree as the scanned host would, without ever leaving the tree:
 * an absolute link target in a mounted image ({@code --root}) points into the image, not at the live host.
 */
public final class RootedPath {
    private static final int MAX_LINKS = 16;

    private RootedPath() {
    }

    /**
     * The real location of {@code file} (which lies under {@code root}), following links within the root.
     * Returns null for a dangling link, a loop, or a target outside the root.
     */
    public static Path resolve(Path root, Path file) {
        Path current = file;
        Path normalRoot = root.toAbsolutePath().normalize();
        try {
            for (int i = 0; i < MAX_LINKS; i++) {
                if (!Files.isSymbolicLink(current)) {
                    Path result = current.toAbsolutePath().normalize();
                    return result.startsWith(normalRoot) && Files.exists(result, LinkOption.NOFOLLOW_LINKS)
                            ? result : null;
                }
                Path target = Files.readSymbolicLink(current);
                if (target.isAbsolute()) {
                    String relative = target.toString().substring(1);
                    current = normalRoot.resolve(relative).normalize();
                } else {
                    current = current.getParent().resolve(target).normalize();
                }
                if (!current.startsWith(normalRoot)) {
                    return null;
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return null;
    }
}
