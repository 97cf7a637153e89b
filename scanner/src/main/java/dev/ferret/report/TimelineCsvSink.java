package dev.ferret.report;

import dev.ferret.model.Finding;
import dev.ferret.model.PathBytes;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.report.timeline.Timeline;
import dev.ferret.scan.ScanResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scan as a timeline CSV that Timesketch imports without mapping: one row per dated moment (a finding's
 * login, file change, persistence change or process start; with facts, every process start and persistence
 * file time), with Timesketch's required message, datetime and timestamp_desc, oldest first. Findings no
 * source can date are rows at the scan's time ("Scan Time").
 */
public final class TimelineCsvSink implements ReportSink {
    static final String[] HEADER = {"message", "datetime", "timestamp_desc", "timestamp", "severity", "score",
        "rule_id", "chain", "host", "file_path", "process_pid", "record"};
    private final boolean facts;

    public TimelineCsvSink(boolean facts) {
        this.facts = facts;
    }

    private record Row(Instant time, String desc, String message, Finding finding, String path, Integer pid,
                       String record) {
    }

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        List<Row> rows = new ArrayList<>();
        Timeline timeline = Timeline.of(result.findings(), result.snapshot());
        for (Timeline.Entry e : timeline.entries()) {
            rows.add(findingRow(e.time(), RecordTime.describe(e.kind()), e.what(), e.finding()));
        }
        for (Finding f : timeline.undated()) {
            rows.add(findingRow(result.finished(), RecordTime.SCAN_TIME, f.ruleName(), f));
        }
        if (facts) {
            for (ProcessInfo p : result.snapshot().processes()) {
                if (p.startTime() != null) {
                    rows.add(new Row(p.startTime(), "Process Started", "process " + p.pid() + " (" + p.name()
                            + ") started" + (p.arguments().isEmpty() ? "" : ": " + String.join(" ", p.arguments())),
                            null, p.executable(), p.pid(), "process"));
                }
            }
            for (PersistenceEntry e : result.snapshot().persistence()) {
                if (e.mtime() != null) {
                    rows.add(new Row(e.mtime(), "Persistence Changed", e.kind() + " " + e.location()
                            + (e.command() == null ? "" : ": " + e.command()), null, e.path(), null, "persistence"));
                }
            }
        }
        rows.sort(Comparator.comparing(Row::time));
        String host = result.snapshot().host() == null ? "" : result.snapshot().host().name();
        CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
        for (Row r : rows) {
            Finding f = r.finding();
            long micros = r.time().getEpochSecond() * 1_000_000L + r.time().getNano() / 1_000;
            csv.printRecord(r.message(), r.time().toString(), r.desc(), micros,
                    f == null ? "" : f.severity().label(), f == null ? "" : f.score(),
                    f == null ? "" : f.ruleId(), f == null || f.chain() == null ? "" : f.chain(), host,
                    r.path() == null ? "" : PathBytes.readable(r.path()), r.pid() == null ? "" : r.pid(), r.record());
        }
        csv.flush();
    }

    private static Row findingRow(Instant time, String desc, String what, Finding f) {
        String path = f.file() != null ? f.file().path() : f.persistence() != null ? f.persistence().path() : null;
        return new Row(time, desc, f.ruleName() + ": " + what, f, path,
                f.process() == null ? null : f.process().pid(), "finding");
    }

    @Override
    public String extension() {
        return "csv";
    }
}
