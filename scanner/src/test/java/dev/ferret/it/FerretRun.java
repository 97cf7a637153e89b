package dev.ferret.it;

import java.util.List;

/** One finished ferret invocation. */
record FerretRun(int exitCode, String stdout, String stderr) {
    /** The JSON Lines report ferret wrote to standard output. */
    Report report() {
        Report report = Report.parse(stdout, "ferret's standard output");
        if (report.records().isEmpty()) {
            throw new AssertionError("ferret wrote no report\n" + this);
        }
        return report;
    }

    List<String> stderrLines() {
        return stderr.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stderr ---\n" + stderr
                + "--- stdout (first 4000 chars) ---\n" + stdout.substring(0, Math.min(4000, stdout.length()));
    }
}
