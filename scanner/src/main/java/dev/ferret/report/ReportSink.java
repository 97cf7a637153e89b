package dev.ferret.report;

import dev.ferret.scan.ScanResult;

import java.io.IOException;
import java.io.Writer;

/** One output format over the same scan result. Adding a format never touches a detector. */
public interface ReportSink {
    void write(ScanResult result, Writer out) throws IOException;

    /** File name extension for --output directories. */
    String extension();
}
