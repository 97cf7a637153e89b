package dev.ferret.cli;

import dev.ferret.report.JsonLinesSink;
import dev.ferret.report.JsonSink;
import dev.ferret.report.ReportSink;
import dev.ferret.report.TextSink;
import dev.ferret.report.TimelineCsvSink;
import dev.ferret.report.html.HtmlSink;
import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Picks a sink per --format and writes each to standard output, a file, or a named file in a directory. A
 * report file is never opened by name: it is written to a fresh temporary file created exclusively in the
 * target's directory, then renamed into place, so a symlink or FIFO planted where the report goes is never
 * followed or opened (a symlink named as --output is refused outright).
 */
final class ReportWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    static ReportSink sink(CommonOptions.Format format, CommonOptions options) {
        return switch (format) {
            case text -> new TextSink(options.show);
            case jsonl -> new JsonLinesSink(!options.noFacts);
            case json -> new JsonSink(!options.noFacts);
            case csv -> new TimelineCsvSink(!options.noFacts);
            case html -> new HtmlSink();
        };
    }

    /** The formats asked for, each once, in the order given. */
    static List<CommonOptions.Format> formats(CommonOptions options) {
        return List.copyOf(new LinkedHashSet<>(options.formats));
    }

    /**
     * Checks --format and --output before the scan starts, so a typo or a read-only place costs no scan time:
     * several formats need a directory; a symlink, FIFO or other non-regular file is refused; the directory
     * must accept a new file now.
     */
    static void validate(CommonOptions options) {
        Path output = options.output;
        int formats = formats(options).size();
        if (output == null) {
            if (formats > 1) {
                throw new BadInputException("--format: several formats need --output DIR (one file each)");
            }
            return;
        }
        if (Files.isSymbolicLink(output)) {
            throw new BadInputException("--output: " + output + " is a symbolic link: refused (name the real place)");
        }
        Path dir;
        if (Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            dir = output;
        } else if (formats > 1) {
            throw new BadInputException("--output: several formats need a directory, and " + output + " is not one");
        } else if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException("--output: " + output + " is not a regular file (a FIFO, device or socket?)");
        } else {
            dir = output.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new BadInputException("--output: directory " + dir + " does not exist");
            }
        }
        try {
            Files.delete(Files.createTempFile(dir, ".ferret-probe-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new BadInputException("--output: cannot write in " + dir + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Writes the report in every format; returns the files written (empty for standard output). */
    static List<Path> write(ScanResult result, CommonOptions options, PrintStream stdout) throws IOException {
        List<Path> written = new ArrayList<>();
        for (CommonOptions.Format format : formats(options)) {
            ReportSink sink = sink(format, options);
            if (options.output == null) {
                Writer out = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
                sink.write(result, out);
                out.flush();
                continue;
            }
            Path target = options.output;
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                target = target.resolve(fileName(result, sink.extension()));
            }
            written.add(writeSafely(target, sink, result));
        }
        return written;
    }

    static String fileName(ScanResult result, String extension) {
        String host = result.snapshot().host() == null ? "host" : result.snapshot().host().name();
        return "ferret-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + STAMP.format(result.started()) + "."
                + extension;
    }

    /** A fresh file (O_CREAT|O_EXCL, mode 0600) in the target's directory, renamed over the target. */
    private static Path writeSafely(Path target, ReportSink sink, ScanResult result) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, ".ferret-", ".part");
        boolean keep = false;
        try {
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                sink.write(result, out);
            }
            if (Files.isSymbolicLink(target)
                    || Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                // planted while the scan ran: rename would replace the link itself, but refuse loudly instead
                keep = true;
                throw new BadInputException("--output: " + target + " became a symbolic link or special file "
                        + "during the scan: refused; the report is in " + partial);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            if (!keep) {
                Files.deleteIfExists(partial);
            }
        }
    }
}
