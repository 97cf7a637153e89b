package dev.ferret.it;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies and deletes directory trees for the offline fixtures. */
final class TreeCopy {
    /** What a copy skipped. */
    record Stats(long files, long bytes, long skippedLarge, long skippedUnreadable, long skippedSpecial) {
    }

    private TreeCopy() {
    }

    /**
     * Copies {@code source} to {@code target} like {@code cp -a} (modes and times kept, symlinks copied as
     * links, never followed), skipping unreadable files, special files and files larger than
     * {@code maxFileBytes}.
     */
    static Stats copy(Path source, Path target, long maxFileBytes) throws IOException {
        long[] n = new long[5];
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path to = target.resolve(source.relativize(file).toString());
                try {
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    } else if (!attrs.isRegularFile()) {
                        n[4]++;
                    } else if (attrs.size() > maxFileBytes) {
                        n[2]++;
                    } else {
                        Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        n[0]++;
                        n[1] += attrs.size();
                    }
                } catch (IOException e) {
                    n[3]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                n[3]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return new Stats(n[0], n[1], n[2], n[3], n[4]);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    p.toFile().setWritable(true);
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
