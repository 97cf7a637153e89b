package dev.ferret.collect.linux.dpkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** dpkg's {@code info/PKG.md5sums} files: "32-hex-md5, two spaces, path without its leading slash" per line. */
public final class DpkgMd5sums {
    /** One recorded file: its absolute path as dpkg names it and the MD5 (lower case) it shipped with. */
    public record Line(String path, String md5) {
    }

    /** Receives each recorded file once per spelling (see {@link Dpkg#spellings}). */
    @FunctionalInterface
    public interface Sink {
        void accept(String pkg, String path, String md5);
    }

    private DpkgMd5sums() {
    }

    /** One line of an md5sums file; empty for anything that is not "md5  path". */
    public static Optional<Line> parse(String line) {
        if (line.length() < 35 || line.charAt(32) != ' ') {
            return Optional.empty();
        }
        return Optional.of(new Line("/" + line.substring(34), line.substring(0, 32).toLowerCase(Locale.ROOT)));
    }

    /**
     * Streams every {@code *.md5sums} file under {@code root}'s dpkg database into the sink, with both spellings
     * on a merged-/usr root. Lists that are not regular files are skipped (never followed); lists that cannot be
     * read or decoded are returned so the caller can count them.
     *
     * @throws IOException when the info directory itself cannot be listed
     */
    public static List<String> readAll(Path root, Sink sink) throws IOException {
        List<String> unreadable = new ArrayList<>();
        Path info = root.resolve(Dpkg.INFO.substring(1));
        if (!Files.isDirectory(info, LinkOption.NOFOLLOW_LINKS)) {
            return unreadable;
        }
        boolean mergedUsr = Files.isSymbolicLink(root.resolve("bin"));
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.md5sums")) {
            for (Path list : lists) {
                if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String pkg = Dpkg.packageOf(list.getFileName().toString());
                try {
                    readOne(list, pkg, mergedUsr, sink);
                } catch (IOException e) {
                    unreadable.add(list + ": " + e.getMessage());
                }
            }
        }
        return unreadable;
    }

    private static void readOne(Path list, String pkg, boolean mergedUsr, Sink sink) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(list,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                     StandardCharsets.UTF_8.newDecoder()))) {
            for (String line; (line = r.readLine()) != null; ) {
                Optional<Line> rec = parse(line);
                if (rec.isPresent()) {
                    for (String spelling : Dpkg.spellings(rec.get().path(), mergedUsr)) {
                        sink.accept(pkg, spelling, rec.get().md5());
                    }
                }
            }
        }
    }
}
