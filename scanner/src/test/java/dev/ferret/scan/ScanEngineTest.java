package dev.ferret.scan;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.data.DetectionData;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.files.DisguisedExecutableDetector;
import dev.ferret.detect.process.CpuHogDetector;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's read-ahead: due detectors prepare while the collectors still run; others are left alone. */
class ScanEngineTest {

    /** A detector that notes where and when it prepared, and what detect then found ready. */
    private static final class Recording implements Detector {
        private final String id;
        private final CountDownLatch prepared;
        final Map<String, Object> seen = new ConcurrentHashMap<>();

        Recording(String id, CountDownLatch prepared) {
            this.id = id;
            this.prepared = prepared;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void prepare(Snapshot snapshot) {
            seen.put("prepare-thread", Thread.currentThread().getName());
            snapshot.extension(Recording.class, () -> this);
            prepared.countDown();
        }

        @Override
        public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
            seen.put("detect-found-prepared", snapshot.extension(Recording.class).isPresent());
            return List.of();
        }
    }

    @Test
    void dueDetectorsPrepareOnTheirOwnThreadWhileCollectorsRun(@TempDir Path root) throws Exception {
        CountDownLatch prepared = new CountDownLatch(1);
        Recording files = new Recording(DisguisedExecutableDetector.ID, prepared);
        Recording processes = new Recording(new CpuHogDetector().id(), new CountDownLatch(1));
        Map<String, Boolean> collector = new ConcurrentHashMap<>();
        Collector slow = new Collector() {
            @Override
            public String area() {
                return "files";
            }

            @Override
            public boolean liveOnly() {
                return false;
            }

            @Override
            public void collect(Snapshot snapshot, CollectOptions options) {
                try {
                    // the collector is still running when the read-ahead is done: they overlap
                    collector.put("saw-prepare", prepared.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ScanEngine engine = new ScanEngine(List.of(slow), List.of(files, processes), List.of(), Clock.systemUTC());
        engine.run(new ScanRequest(EnumSet.of(Area.FILES), root, false,
                new CollectOptions(Duration.ofMillis(100), false), DetectionData.builtIn(), OwnFiles.none()),
                new Coverage());

        assertEquals(Boolean.TRUE, collector.get("saw-prepare"), "prepare ran while the collector ran");
        assertEquals("ferret-prepare", files.seen.get("prepare-thread"));
        assertEquals(Boolean.TRUE, files.seen.get("detect-found-prepared"));
        assertFalse(processes.seen.containsKey("prepare-thread"), "a detector whose areas were not asked for");
        assertTrue(processes.seen.isEmpty());
    }
}
