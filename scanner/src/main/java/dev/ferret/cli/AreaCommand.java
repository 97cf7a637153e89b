package dev.ferret.cli;

import dev.ferret.report.Printable;
import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.data.Thresholds;
import dev.ferret.memory.MemoryScanOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.Severity;
import dev.ferret.rules.LoadedRules;
import dev.ferret.rules.RuleLoader;
import dev.ferret.report.delivery.Delivery;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.OwnFiles;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import dev.ferret.scan.SignatureScan;
import dev.ferret.sweep.Progress;
import dev.ferret.sweep.SweepOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A command that scans some areas of the host and reports; the subclasses only choose the areas. */
abstract class AreaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    abstract Set<Area> areas();

    /** Roots of the signature sweep given on the command line; empty for the defaults. */
    List<String> sweepRoots() {
        return List.of();
    }

    /** Processes whose memory to scan; empty for all. */
    Set<Integer> memoryPids() {
        return Set.of();
    }

    @Override
    public Integer call() throws IOException {
        boolean live = options.root == null;
        Path root = live ? Path.of("/") : options.root.toAbsolutePath().normalize();
        if (!live && !Files.isDirectory(root)) {
            throw new BadInputException("--root: " + options.root + " is not a directory");
        }
        if (options.cpuWindow < 0.1 || options.cpuWindow > 60) {
            throw new BadInputException("--cpu-window: " + options.cpuWindow + " is outside 0.1 to 60 seconds");
        }
        if (options.threads < 0) {
            throw new BadInputException("--threads: must be positive");
        }
        ReportWriter.validate(options);
        Delivery delivery = delivery();
        Coverage coverage = new Coverage();
        Set<Area> areas = areas();
        boolean signatures = areas.contains(Area.SWEEP) || areas.contains(Area.MEMORY);
        // the rules load (or compile) on their own thread while the detection data is read: the two are
        // independent, and each takes a few hundred milliseconds of a cold JVM
        CompletableFuture<Optional<LoadedRules>> loading = signatures
                ? CompletableFuture.supplyAsync(() -> RuleLoader.load(options.rules, !options.noBuiltinRules,
                        options.trustKeys, coverage))
                : CompletableFuture.completedFuture(Optional.empty());
        DetectionData data;
        try {
            data = loadData();
        } catch (RuntimeException e) {
            loading.thenAccept(r -> r.ifPresent(LoadedRules::close));
            throw e;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!options.quiet) {
            RootWarning.check(live).ifPresent(err::println);
            for (String problem : data.problems()) {
                err.println("ferret: warning: " + Printable.text(problem));
            }
            err.flush();
        }
        Optional<LoadedRules> rules = loaded(loading);
        ProgressLine progress = options.quiet ? null : ProgressLine.start(coverage, err, ProgressLine.EVERY);
        try {
            SignatureScan plan = signatures ? signatureScan(data.thresholds(), rules, root) : null;
            CollectOptions collect = new CollectOptions(Duration.ofMillis((long) (options.cpuWindow * 1000)), true);
            ScanEngine engine = new ScanEngine(Catalog.collectors(data, plan), Catalog.detectors(),
                    Catalog.pivotDetectors(), Clock.systemUTC());
            ScanResult result = engine.run(new ScanRequest(areas, root, live, collect, data,
                    OwnFiles.ofRunningFerret(ownFiles())), coverage);
            data.problems().forEach(p -> coverage.gap("signatures", "unusable IOC line", p));
            List<Path> written = ReportWriter.write(result, options, System.out);
            List<String> undelivered = delivery.deliver(result);
            if (!undelivered.isEmpty()) {
                // the local report is already safe; written again so it records what did not arrive
                undelivered.forEach(u -> coverage.gap("delivery", "collector not reached; the local report is "
                        + "complete", u));
                if (!written.isEmpty()) {
                    written = ReportWriter.write(result, options, System.out);
                }
                undelivered.forEach(u -> err.println("ferret: warning: not delivered: " + u));
            }
            if (!options.quiet && (!written.isEmpty() || !ReportWriter.formats(options).equals(
                    List.of(CommonOptions.Format.text)))) {
                err.println(oneLineSummary(result, written));
            }
            err.flush();
            return result.count(options.failOn) > 0 ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
        } finally {
            if (progress != null) {
                progress.close();
            }
            rules.ifPresent(LoadedRules::close);
        }
    }

    private SignatureScan signatureScan(Thresholds t, Optional<LoadedRules> rules, Path root) {
        int threads = options.threads > 0 ? options.threads : Runtime.getRuntime().availableProcessors();
        long maxBytes = options.maxFileSizeMib > 0 ? options.maxFileSizeMib << 20
                : (long) t.number("sweep.max.file.bytes");
        List<String> roots = !sweepRoots().isEmpty() ? sweepRoots()
                : options.full ? List.of("/") : defaultRoots();
        SweepOptions sweep = new SweepOptions(roots, maxBytes, threads, t.integer("sweep.yara.timeout.seconds"),
                !options.paranoid && !Catalog.windows(), options.paranoid ? null : options.cache,
                OwnFiles.ofRunningFerret(ownFiles()).roots());
        sweep = hashFiles() ? sweep : sweep.withoutHashes();
        MemoryScanOptions memory = new MemoryScanOptions(memoryPids(),
                (long) t.number("memory.max.bytes.per.process"), t.integer("memory.max.seconds.per.process"),
                t.integer("sweep.yara.timeout.seconds"), threads);
        Progress progress = options.quiet || options.output == null && options.formats.contains(CommonOptions.Format.text)
                ? Progress.none() : Progress.forTerminal("sweep");
        return new SignatureScan(rules, sweep, memory, progress, !options.full && !options.paranoid);
    }

    /** Whether the sweep hashes every file (only 'files --no-hashes' says no). */
    boolean hashFiles() {
        return true;
    }

    static List<String> defaultRoots() {
        if (dev.ferret.scan.Catalog.windows()) {
            return dev.ferret.collect.windows.WindowsSweepRoots.resolve();
        }
        return dev.ferret.data.DataFileReader.readResource("ferret/signatures/detect/sweep-roots.txt").stream()
                .map(dev.ferret.data.DataLine::text).toList();
    }

    /** ferret's own jars, image and report: its rules would match itself. */
    private List<Path> ownFiles() {
        List<Path> own = new ArrayList<>();
        // exactly ferret's class path entries (its jars, or class dirs in a build), not the folders around
        // them: a disk image mounted next to the kit must still be swept
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && !entry.endsWith("*")) {
                own.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        String home = System.getProperty("ferret.home");
        if (home != null) {
            own.add(Path.of(home).toAbsolutePath().normalize());
        }
        if (options.output != null) {
            own.add(options.output.toAbsolutePath().normalize());
        }
        if (options.cache != null) {
            own.add(options.cache.toAbsolutePath().normalize());
        }
        for (Path p : options.rules) {
            own.add(p.toAbsolutePath().normalize());
        }
        for (Path p : options.iocs) {
            own.add(p.toAbsolutePath().normalize());
        }
        return own;
    }

    /** The rules the loading thread produced; its bad-input complaint as this thread's own. */
    private static Optional<LoadedRules> loaded(CompletableFuture<Optional<LoadedRules>> loading) {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private DetectionData loadData() {
        if (options.iocs.isEmpty()) {
            return DetectionData.builtIn();
        }
        try {
            return DetectionData.withUserIocs(options.iocs);
        } catch (IOException e) {
            throw new BadInputException("--iocs: cannot read " + e.getMessage());
        }
    }

    private Delivery delivery() {
        try {
            return Delivery.of(options.syslog, options.syslogProtocol, options.syslogFormat, options.post,
                    !options.noFacts);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static String oneLineSummary(ScanResult result, List<Path> written) {
        StringBuilder b = new StringBuilder("ferret: ");
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            long n = result.findings().stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                b.append(n).append(' ').append(s.label()).append(", ");
            }
        }
        if (result.findings().isEmpty()) {
            b.append("no findings, ");
        }
        b.append(String.format("%.1f s", result.duration().toMillis() / 1000.0));
        if (!written.isEmpty()) {
            b.append(written.size() == 1 ? "; report: " : "; reports: ")
                    .append(String.join(", ", written.stream().map(Path::toString).toList()));
        }
        return b.toString();
    }
}
