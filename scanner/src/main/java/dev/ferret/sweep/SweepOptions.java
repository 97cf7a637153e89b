package dev.ferret.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * How the signature sweep runs.
 *
 * @param roots          host paths to sweep (under --root they are read inside the image)
 * @param maxFileBytes   larger files are skipped and counted
 * @param threads        worker threads
 * @param skipPackaged   skip YARA for files whose MD5 matches dpkg's record (off with --paranoid)
 * @param cacheFile      result cache to read and update, or null (a scan writes only where told)
 * @param exclude        readable paths never entered (ferret's own files, the report, the cache)
 */
public record SweepOptions(List<String> roots, long maxFileBytes, int threads, int yaraTimeoutSeconds,
                           boolean skipPackaged, Path cacheFile, List<Path> exclude) {
    public SweepOptions {
        roots = List.copyOf(roots);
        exclude = List.copyOf(exclude);
    }
}
