package dev.ferret.fleet;

import dev.ferret.cli.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report files under the given paths: the GPO share's {@code <HOST>-<time>.jsonl}, the timer's
 * {@code /var/lib/ferret/reports/ferret-<host>-<time>.jsonl}, gzipped or not. Links inside folders are not
 * followed (a share is writable by every host); a path named on the command line is taken as given.
 */
final class ReportFiles {
    private ReportFiles() {
    }

    static List<Path> find(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && isReport(f))
                            .sorted().forEach(out::add);
                }
            } else {
                throw new BadInputException("no such report file or folder: " + p);
            }
        }
        return out;
    }

    static boolean isReport(Path f) {
        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }
}
