package dev.ferret.cli;

import dev.ferret.model.Coverage;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    @Test
    void printsTheMovingAreaAndCountsToAPlainWriter() throws Exception {
        Coverage coverage = new Coverage();
        StringWriter text = new StringWriter();
        ProgressLine progress = ProgressLine.start(coverage, new PrintWriter(text), Duration.ofMillis(100));
        try {
            coverage.add("processes", "processes", 312);
            Thread.sleep(250);
            coverage.add("sweep", "files hashed", 10_234);
            Thread.sleep(250);
        } finally {
            progress.close();
        }
        String out = text.toString();
        assertTrue(out.contains(": processes; 0 files, 312 processes so far"), out);
        assertTrue(out.contains(": sweep; 10,234 files, 312 processes so far"), out);
        assertTrue(out.lines().allMatch(l -> l.matches("ferret: \\d+ s: .*")), out);
        int lines = (int) out.lines().count();
        Thread.sleep(300);
        assertTrue(text.toString().lines().count() == lines, "closed: no more lines");
    }
}
