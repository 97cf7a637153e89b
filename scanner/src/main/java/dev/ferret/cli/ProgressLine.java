package dev.ferret.cli;

import dev.ferret.model.Coverage;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A line on stderr every few seconds during a long scan, terminal or not (a cron job's log, a remote shell):
 * the area that moved last, files and processes counted so far, time elapsed. Read from the live coverage
 * counters, so it costs the scan nothing.
 */
final class ProgressLine implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(10);
    private final ScheduledExecutorService timer;
    private final Coverage coverage;
    private final PrintWriter err;
    private final long started = System.nanoTime();
    private final Map<String, Long> last = new HashMap<>();
    private String area = "starting";

    private ProgressLine(Coverage coverage, PrintWriter err, Duration every) {
        this.coverage = coverage;
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferret-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    static ProgressLine start(Coverage coverage, PrintWriter err, Duration every) {
        return new ProgressLine(coverage, err, every);
    }

    private void print() {
        long files = 0;
        long processes = 0;
        for (Map.Entry<String, Map<String, Long>> a : coverage.counters().entrySet()) {
            long total = 0;
            for (Map.Entry<String, Long> c : a.getValue().entrySet()) {
                total += c.getValue();
                if (c.getKey().startsWith("files ")) {
                    files = Math.max(files, c.getValue());
                }
                if (c.getKey().equals("processes") || c.getKey().equals("processes scanned")) {
                    processes = Math.max(processes, c.getValue());
                }
            }
            Long before = last.put(a.getKey(), total);
            if (before == null || before != total) {
                area = a.getKey();
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        err.println(String.format(Locale.ROOT, "ferret: %d s: %s; %,d files, %,d processes so far", seconds, area,
                files, processes));
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // a line being printed finishes before the report's own output: nothing comes after close
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
