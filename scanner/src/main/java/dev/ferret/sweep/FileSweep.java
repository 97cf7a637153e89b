package dev.ferret.sweep;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.collect.files.SweepLocations;
import dev.ferret.collect.linux.Accounts;
import dev.ferret.data.Thresholds;
import dev.ferret.model.Coverage;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.Snapshot;
import dev.ferret.rules.LoadedRules;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraRules;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The signature sweep: walks the roots once, and for each regular file reads its bytes once to hash them
 * (MD5, SHA-256, SHA-1 when IOCs need it) and run the YARA rules, in parallel. Never follows symlinks,
 * never enters pseudo or network filesystems, skips its own files, and counts everything it leaves out.
 */
public final class FileSweep implements Collector {
    public static final String AREA = "sweep";

    private final SweepOptions options;
    private final Optional<LoadedRules> rules;
    private final Thresholds thresholds;
    private final SweepLocations locations;
    private final boolean sha1;
    private final boolean honourSkips;
    private final Progress progress;

    public FileSweep(SweepOptions options, Optional<LoadedRules> rules, Thresholds thresholds,
                     SweepLocations locations, boolean sha1, boolean honourSkips, Progress progress) {
        this.options = options;
        this.rules = rules;
        this.thresholds = thresholds;
        this.locations = locations;
        this.sha1 = sha1;
        this.honourSkips = honourSkips;
        this.progress = progress;
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
    public void collect(Snapshot snapshot, CollectOptions collectOptions) {
        Coverage coverage = snapshot.coverage();
        MountTable mounts = MountTable.live();
        PackageChecksums packages = options.skipPackaged() ? PackageChecksums.of(snapshot) : PackageChecksums.none();
        Accounts accounts = Accounts.read(snapshot.hostPath("/etc/passwd"));
        FileKinds kinds = FileKinds.builtIn();
        List<YaraRules> sets = rules.map(LoadedRules::sets).orElse(List.of());
        List<PartitionedRules> partitions = rules.map(LoadedRules::partitions).orElse(List.of());
        long copyLimit = Math.min(thresholds.integer("sweep.copy.limit.bytes"), options.maxFileBytes());

        ResultCache cache = options.cacheFile() == null ? null : ResultCache.open(options.cacheFile(),
                rules.map(LoadedRules::fingerprint).orElse("no-yara") + (sha1 ? "+sha1" : "")
                        + (options.hashes() ? "" : "+no-hashes"), coverage);
        Queue<ScannedFile> results = new ConcurrentLinkedQueue<>();
        Queue<FileScanner> scanners = new ConcurrentLinkedQueue<>();
        SameContent same = new SameContent(); // the workers' shared memory of files with several names
        ThreadLocal<FileScanner> local = ThreadLocal.withInitial(() -> {
            try {
                FileScanner s = new FileScanner(cache, sets, partitions, kinds, packages,
                        new Digests(options.hashes(), sha1), copyLimit, options.maxFileBytes(),
                        options.yaraTimeoutSeconds(), coverage, same);
                scanners.add(s);
                return s;
            } catch (YaraException e) {
                throw new IllegalStateException("cannot create a YARA scanner: " + e.getMessage(), e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ferret-sweep");
            t.setDaemon(true);
            return t;
        });
        Workers workers = new Workers(pool, new Semaphore(options.threads() * 64), local, results, accounts,
                copyLimit, new BigFileBudget(thresholds.integer("sweep.big.files.at.once") * options.maxFileBytes()));
        try {
            for (String root : options.roots()) {
                Path start = snapshot.hostPath(root);
                if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.isSymbolicLink(start)) {
                    coverage.count(AREA, "roots that are links (swept at their target)");
                    continue;
                }
                walk(snapshot, start, mounts, workers);
            }
            sweepRunTargets(snapshot, workers);
        } finally {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(1, TimeUnit.DAYS)) {
                    coverage.gap(AREA, "sweep did not finish", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scanners.forEach(FileScanner::close);
            progress.close();
        }
        if (cache != null) {
            try {
                cache.save();
            } catch (IOException e) {
                coverage.note("sweep cache not saved: " + e.getMessage());
            }
        }
        List<ScannedFile> scanned = new ArrayList<>(results);
        coverage.add(AREA, options.hashes() ? "files hashed" : "files read (hashing off)", scanned.size());
        coverage.add(AREA, "bytes read", scanned.stream().mapToLong(ScannedFile::size).sum());
        coverage.add(AREA, "files YARA-scanned", scanned.stream().filter(f -> f.yaraSkipped() == null).count());
        coverage.add(AREA, "files skipped by YARA as package-verified",
                scanned.stream().filter(f -> "package-verified".equals(f.yaraSkipped())).count());
        snapshot.addScannedFiles(scanned);
    }

    /**
     * What the walk hands files to: the worker pool, a bound on files queued, each worker's scanner, the results,
     * and the budget of files held whole beyond the copy limit.
     */
    private record Workers(ExecutorService pool, Semaphore inFlight, ThreadLocal<FileScanner> local,
                           Queue<ScannedFile> results, Accounts accounts, long copyLimit, BigFileBudget bigFiles) { }

    private void walk(Snapshot snapshot, Path start, MountTable mounts, Workers workers) {
        Coverage coverage = snapshot.coverage();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String host = snapshot.hostPathOf(dir);
                    String mount = mounts.skipReason(dir);
                    if (mount != null) {
                        coverage.gap(AREA, "not entered: " + mount, host);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (excluded(dir) || (honourSkips && locations.skipped(host))) {
                        coverage.gap(AREA, excluded(dir) ? "ferret's own files" : "tool cache skipped (--full enters it)",
                                host);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        if (attrs.isOther()) {
                            coverage.count(AREA, "special files not opened");
                        }
                        return FileVisitResult.CONTINUE;
                    }
                    String host = snapshot.hostPathOf(file);
                    if (excluded(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.size() > options.maxFileBytes()) {
                        coverage.gap(AREA, "larger than " + (options.maxFileBytes() >> 20) + " MiB", host);
                        return FileVisitResult.CONTINUE;
                    }
                    submit(file, host, attrs, workers, coverage);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    coverage.gap(AREA, e instanceof AccessDeniedException ? "permission denied"
                            : "unreadable (" + e.getClass().getSimpleName() + ")", snapshot.hostPathOf(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            coverage.gap(AREA, "walk failed: " + e.getMessage(), snapshot.hostPathOf(start));
        }
    }

    /** What persistence entries run, outside the roots: YARA judges the target a cron line starts, wherever it is. */
    private void sweepRunTargets(Snapshot snapshot, Workers workers) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (dev.ferret.model.PersistenceEntry e : snapshot.persistence()) {
            for (String target : dev.ferret.detect.persistence.SuspiciousPathDetector.executed(e)) {
                if (!seen.add(target) || underRoots(target)) {
                    continue;
                }
                Path file = snapshot.hostPath(target);
                if (excluded(file)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException ex) {
                    continue; // a command that names no file here (or a vanished one): nothing to sweep
                }
                if (attrs.isRegularFile() && attrs.size() <= options.maxFileBytes()) {
                    snapshot.coverage().count(AREA, "persistence targets swept outside the roots");
                    submit(file, target, attrs, workers, snapshot.coverage());
                }
            }
        }
    }

    private boolean underRoots(String hostPath) {
        for (String r : options.roots()) {
            if (r.equals("/") || hostPath.equals(r) || hostPath.startsWith(r.endsWith("/") ? r : r + "/")) {
                return true;
            }
        }
        return false;
    }

    private void submit(Path file, String host, BasicFileAttributes attrs, Workers workers, Coverage coverage) {
        workers.inFlight().acquireUninterruptibly();
        workers.pool().execute(() -> {
            try {
                Runnable scan = () -> scan(file, host, attrs, workers, coverage);
                if (attrs.size() > workers.copyLimit()) {
                    workers.bigFiles().run(attrs.size(), scan); // now, or later by a worker that frees bytes
                } else {
                    scan.run();
                    workers.bigFiles().runWaiting(); // a big file left by another worker, if it fits now
                }
            } finally {
                workers.inFlight().release();
            }
        });
    }

    private void scan(Path file, String host, BasicFileAttributes attrs, Workers workers, Coverage coverage) {
        try {
            workers.results().add(workers.local().get().scan(file, host, attrs.size(),
                    attrs.lastModifiedTime().toInstant(),
                    () -> owner(file, workers.accounts()))); // the owner is looked up only when YARA runs
            progress.file(attrs.size());
        } catch (AccessDeniedException e) {
            coverage.gap(AREA, "permission denied", host);
        } catch (NoSuchFileException e) {
            coverage.count(AREA, "files gone before they were read");
        } catch (FileContent.NotRegularFile e) {
            coverage.gap(AREA, "not a regular file when opened (" + e.getMessage() + "): not read", host);
        } catch (FileContent.ReadCutOff e) {
            coverage.gap(AREA, "read cut off by the watchdog after " + options.yaraTimeoutSeconds() + " s", host);
            coverage.count(AREA, "reads cut off by the watchdog");
        } catch (IOException | RuntimeException e) {
            coverage.gap(AREA, "unreadable (" + e.getClass().getSimpleName() + ")", host);
        }
    }

    private static String owner(Path file, Accounts accounts) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return accounts.name((Integer) a.get("uid"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private boolean excluded(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return options.exclude().stream().anyMatch(abs::startsWith);
    }

}
