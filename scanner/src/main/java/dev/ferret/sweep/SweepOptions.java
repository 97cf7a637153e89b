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
 * @param hashes         MD5 and SHA-256 (SHA-1 when IOCs need it) of every file; off only to measure YARA alone
 */
public record SweepOptions(List<String> roots, long maxFileBytes, int threads, int yaraTimeoutSeconds,
                           boolean skipPackaged, Path cacheFile, List<Path> exclude, boolean hashes) {
    public SweepOptions {
        roots = List.copyOf(roots);
        exclude = List.copyOf(exclude);
    }

    public SweepOptions(List<String> roots, long maxFileBytes, int threads, int yaraTimeoutSeconds,
                        boolean skipPackaged, Path cacheFile, List<Path> exclude) {
        this(roots, maxFileBytes, threads, yaraTimeoutSeconds, skipPackaged, cacheFile, exclude, true);
    }

    public SweepOptions withoutHashes() {
        return new SweepOptions(roots, maxFileBytes, threads, yaraTimeoutSeconds, skipPackaged, cacheFile, exclude,
                false);
    }
}
