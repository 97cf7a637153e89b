package dev.ferret.cli;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Severity;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

/** A command that scans some areas of the host and reports; the subclasses only choose the areas. */
abstract class AreaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    abstract Set<Area> areas();

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
        ReportWriter.validate(options.output);
        DetectionData data = loadData();
        PrintWriter err = spec.commandLine().getErr();
        if (!options.quiet) {
            for (String problem : data.problems()) {
                err.println("ferret: warning: " + problem);
            }
            err.flush();
        }
        CollectOptions collect = new CollectOptions(Duration.ofMillis((long) (options.cpuWindow * 1000)), true);
        ScanEngine engine = new ScanEngine(Catalog.linuxCollectors(data), Catalog.primaryDetectors(),
                Catalog.pivotDetectors(), Clock.systemUTC());
        ScanResult result = engine.run(new ScanRequest(areas(), root, live, collect, data));
        data.problems().forEach(p -> result.snapshot().coverage().gap("signatures", "unusable IOC line", p));
        Path written = ReportWriter.write(result, options, System.out);
        if (!options.quiet && (written != null || options.format != CommonOptions.Format.text)) {
            err.println(oneLineSummary(result, written));
            err.flush();
        }
        return result.count(options.failOn) > 0 ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
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

    private static String oneLineSummary(ScanResult result, Path written) {
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
        if (written != null) {
            b.append("; report: ").append(written);
        }
        return b.toString();
    }
}
