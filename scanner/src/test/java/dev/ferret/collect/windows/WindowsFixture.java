package dev.ferret.collect.windows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.data.DetectionData;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recorded Windows hosts (src/test/resources/windows/*.json) replayed through the real collectors and detectors.
 * A recording can be changed before replay to make a variant of an incident.
 */
public final class WindowsFixture {
    public static final String CASE2 = "case2-nrsminer.json";
    public static final String CLEAN = "clean-server2016.json";
    /** "Now" for the recordings: two days after the case-2 infection. */
    public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final DetectionData DATA = DetectionData.builtIn();

    private WindowsFixture() {
    }

    public static ObjectNode json(String name) throws IOException {
        try (InputStream in = WindowsFixture.class.getResourceAsStream("/windows/" + name)) {
            if (in == null) {
                throw new IOException("fixture missing: " + name);
            }
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    public static WindowsRecording recording(String name, Path disk) throws IOException {
        return recording(name, disk, j -> {
        });
    }

    /** The recording, changed by {@code edit} before it is replayed. */
    public static WindowsRecording recording(String name, Path disk, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode json = json(name);
        edit.accept(json);
        return WindowsRecording.load(new ByteArrayInputStream(new ObjectMapper().writeValueAsBytes(json)), disk);
    }

    public static Snapshot collect(WindowsRecording recording) {
        return collect(WindowsSources.of(recording));
    }

    public static Snapshot collect(WindowsSources sources) {
        Snapshot snapshot = new Snapshot(Path.of("/"), true, new Coverage());
        for (Collector c : WindowsCollectors.all(sources, true)) {
            c.collect(snapshot, new CollectOptions(Duration.ofSeconds(1), true));
        }
        return snapshot;
    }

    public static DetectorContext context() {
        return new DetectorContext(DATA, Clock.fixed(NOW, ZoneOffset.UTC), List.of(), new FileHasher(1 << 20));
    }

    public static List<Finding> detect(Snapshot snapshot, List<Detector> detectors) {
        List<Finding> findings = new ArrayList<>();
        for (Detector d : detectors) {
            findings.addAll(d.detect(snapshot, context()));
        }
        return findings;
    }

    public static String dump(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.severity() + " " + f.score() + " "
                        + (f.process() != null ? "pid " + f.process().pid() + " " : "")
                        + (f.file() != null ? f.file().path() + " " : "")
                        + (f.persistence() != null ? f.persistence().location() + " " : "")
                        + f.reasons().stream().map(r -> r.text() + " [" + r.weight() + "]")
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n"));
    }

    public static List<Finding> rule(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    public static boolean evidence(Finding f, String text) {
        return f.reasons().stream().map(Reason::text).anyMatch(t -> t.contains(text));
    }

    public static boolean responds(Finding f, String text) {
        return f.response().stream().anyMatch(r -> r.contains(text));
    }

    public static void atLeast(Severity min, Finding f) {
        assertTrue(f.severity().compareTo(min) >= 0, f.ruleId() + " is " + f.severity() + " (" + f.score()
                + "), expected at least " + min + ": " + f.reasons());
    }
}
