package dev.ferret.memory;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.model.Coverage;
import dev.ferret.model.MemoryMatch;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.SignatureMatch;
import dev.ferret.model.Snapshot;
import dev.ferret.rules.LoadedRules;
import dev.ferret.sweep.SignatureMatches;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraMatch;
import dev.ferret.yara.YaraRules;
import dev.ferret.yara.YaraScanException;
import dev.ferret.yara.YaraScanner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * YARA over the memory of running processes, region by region (never concatenated), with rules loaded
 * once for all processes. Reads only resident pages, reads unmodified file mappings from the file (each
 * file once for the whole host), caps bytes and time per process, and reports every region not scanned.
 */
public final class MemoryScan implements Collector {
    public static final String AREA = "memory";
    private static final int CHUNK = 16 << 20;

    private final MemoryScanOptions options;
    private final Optional<LoadedRules> rules;
    private final ProcessMemory memory;
    private final RegionPolicy policy = new RegionPolicy();
    private final Map<String, List<SignatureMatch>> fileResults = new ConcurrentHashMap<>();

    public MemoryScan(MemoryScanOptions options, Optional<LoadedRules> rules, ProcessMemory memory) {
        this.options = options;
        this.rules = rules;
        this.memory = memory;
    }

    @Override
    public String area() {
        return AREA;
    }

    @Override
    public boolean liveOnly() {
        return true;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions collectOptions) {
        Coverage coverage = snapshot.coverage();
        if (rules.isEmpty()) {
            coverage.gap(AREA, "not examined: YARA unavailable", null);
            return;
        }
        List<ProcessInfo> targets = snapshot.processes().stream()
                .filter(p -> !p.isKernelThread())
                .filter(p -> options.pids().isEmpty() || options.pids().contains(p.pid())).toList();
        for (int pid : options.pids()) {
            if (targets.stream().noneMatch(p -> p.pid() == pid)) {
                coverage.gap(AREA, "no such process (or it is ferret itself)", Integer.toString(pid));
            }
        }
        List<MemoryMatch> matches = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ferret-memory");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<List<YaraScanner>> scanners = ThreadLocal.withInitial(this::newScanners);
        List<List<YaraScanner>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (ProcessInfo p : targets) {
            pool.execute(() -> {
                List<YaraScanner> mine = scanners.get();
                if (!all.contains(mine)) {
                    all.add(mine);
                }
                scanProcess(p, mine, coverage, matches);
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(list -> list.forEach(YaraScanner::close));
        snapshot.addMemoryMatches(matches);
    }

    private List<YaraScanner> newScanners() {
        List<YaraScanner> list = new ArrayList<>();
        for (YaraRules set : rules.orElseThrow().sets()) {
            try {
                list.add(set.newScanner());
            } catch (YaraException e) {
                throw new IllegalStateException("cannot create a YARA scanner: " + e.getMessage(), e);
            }
        }
        return list;
    }

    private void scanProcess(ProcessInfo p, List<YaraScanner> scanners, Coverage coverage, List<MemoryMatch> out) {
        String who = p.pid() + " (" + p.name() + ")";
        List<MemoryRegion> regions;
        try {
            regions = memory.regions(p.pid());
        } catch (AccessDeniedException e) {
            coverage.gap(AREA, "process memory not readable (permission denied)", who);
            return;
        } catch (IOException e) {
            coverage.count(AREA, "processes gone before their memory was read");
            return;
        }
        memory.residencyUnknown(p.pid()).ifPresent(why -> coverage.gap(AREA, why, who));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSecondsPerProcess());
        long budget = options.maxBytesPerProcess();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        Map<String, Object> externals = Map.of("filepath", p.executable() == null ? "" : p.executable(),
                "filename", p.name() == null ? "" : p.name());
        coverage.count(AREA, "processes scanned");
        for (MemoryRegion r : regions) {
            RegionPolicy.Decision d = policy.decide(r);
            if (d.action() == RegionPolicy.Action.SKIP) {
                coverage.gap(AREA, "region skipped: " + d.reason(), who + " " + r.describe());
                continue;
            }
            if (System.nanoTime() > deadline) {
                coverage.gap(AREA, "region skipped: time limit per process reached", who + " " + r.describe());
                continue;
            }
            if (d.action() == RegionPolicy.Action.READ_FILE) {
                List<SignatureMatch> m = fileResults.computeIfAbsent(r.path(), path -> scanFile(path, scanners, coverage));
                if (!m.isEmpty()) {
                    out.add(new MemoryMatch(p.pid(), r.start(), r.end(), r.perms(), r.path(), m));
                }
                coverage.count(AREA, "file-backed regions read from their file");
                continue;
            }
            budget = scanMemoryRegion(p, r, scanners, buffer, externals, budget, coverage, out, who);
        }
    }

    private long scanMemoryRegion(ProcessInfo p, MemoryRegion r, List<YaraScanner> scanners, ByteBuffer buffer,
                                  Map<String, Object> externals, long budget, Coverage coverage,
                                  List<MemoryMatch> out, String who) {
        List<long[]> runs;
        try {
            runs = memory.residentRuns(p.pid(), r);
        } catch (IOException e) {
            coverage.gap(AREA, "region skipped: page map unreadable", who + " " + r.describe());
            return budget;
        }
        List<SignatureMatch> found = new ArrayList<>();
        for (long[] run : runs) {
            for (long at = run[0]; at < run[0] + run[1]; at += CHUNK) {
                int length = (int) Math.min(CHUNK, run[0] + run[1] - at);
                if (length > budget) {
                    coverage.gap(AREA, "region skipped: byte limit per process reached", who + " " + r.describe());
                    return 0;
                }
                buffer.clear().limit(length);
                try {
                    int n = memory.read(p.pid(), at, buffer);
                    buffer.flip();
                    budget -= n;
                    coverage.add(AREA, "bytes read from memory", n);
                    for (YaraScanner s : scanners) {
                        found.addAll(SignatureMatches.of(s.scanMemory(buffer, externals, options.yaraTimeoutSeconds())));
                    }
                } catch (YaraScanException e) {
                    found.addAll(SignatureMatches.of(e.partialMatches()));
                    coverage.gap(AREA, "YARA scan incomplete (" + e.errorName() + ")", who + " " + r.describe());
                } catch (IOException e) {
                    coverage.gap(AREA, "region unreadable (" + e.getClass().getSimpleName() + ")", who + " "
                            + r.describe());
                    break;
                }
            }
        }
        coverage.count(AREA, "regions read from memory");
        if (!found.isEmpty()) {
            out.add(new MemoryMatch(p.pid(), r.start(), r.end(), r.perms(), r.anonymous() ? null : r.path(),
                    dedupe(found)));
        }
        return budget;
    }

    private List<SignatureMatch> scanFile(String path, List<YaraScanner> scanners, Coverage coverage) {
        List<SignatureMatch> result = new ArrayList<>();
        Map<String, Object> externals = Map.of("filepath", path,
                "filename", path.substring(path.lastIndexOf('/') + 1));
        for (YaraScanner s : scanners) {
            try {
                List<YaraMatch> m = s.scanFile(Path.of(path), externals, options.yaraTimeoutSeconds());
                result.addAll(SignatureMatches.of(m));
            } catch (YaraScanException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    continue;
                }
                result.addAll(SignatureMatches.of(e.partialMatches()));
                coverage.gap(AREA, "mapped file not scanned (" + e.errorName() + ")", path);
            }
        }
        return result;
    }

    /** A rule matched in several chunks of one region is reported once. */
    private static List<SignatureMatch> dedupe(List<SignatureMatch> matches) {
        Map<String, SignatureMatch> byRule = new java.util.LinkedHashMap<>();
        matches.forEach(m -> byRule.putIfAbsent(m.namespace() + ":" + m.rule(), m));
        return new ArrayList<>(byRule.values());
    }
}
