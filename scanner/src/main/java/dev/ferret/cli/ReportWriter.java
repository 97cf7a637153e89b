package dev.ferret.cli;

import dev.ferret.report.JsonLinesSink;
import dev.ferret.report.JsonSink;
import dev.ferret.report.ReportSink;
import dev.ferret.report.TextSink;
import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Picks the sink for --format and writes to standard output, a file, or a named file in a directory. */
final class ReportWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    static ReportSink sink(CommonOptions options) {
        return switch (options.format) {
            case text -> new TextSink(options.show);
            case jsonl -> new JsonLinesSink(!options.noFacts);
            case json -> new JsonSink(!options.noFacts);
        };
    }

    /** Checks --output before the scan starts, so a typo costs no scan time. */
    static void validate(Path output) {
        if (output == null || Files.isDirectory(output)) {
            return;
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException("--output: directory " + parent + " does not exist");
        }
    }

    /** Writes the report; returns where it went (null for standard output). */
    static Path write(ScanResult result, CommonOptions options, PrintStream stdout) throws IOException {
        ReportSink sink = sink(options);
        if (options.output == null) {
            Writer out = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
            sink.write(result, out);
            out.flush();
            return null;
        }
        Path target = options.output;
        if (Files.isDirectory(target)) {
            String host = result.snapshot().host() == null ? "host" : result.snapshot().host().name();
            target = target.resolve("ferret-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + STAMP.format(result.started()) + "." + sink.extension());
        }
        try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            sink.write(result, out);
        }
        return target;
    }
}
