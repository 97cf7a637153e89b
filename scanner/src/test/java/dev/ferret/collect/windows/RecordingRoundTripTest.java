package dev.ferret.collect.windows;

import dev.ferret.detect.windows.WindowsDetectors;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The recorder writes what a scan asked in the format the replay reads: recording a replayed host and replaying
 * that recording gives the same findings. (On a real Windows host, the recorder wraps the JNA sources: that is how a
 * real incident becomes a fixture.)
 */
class RecordingRoundTripTest {
    @TempDir
    Path dir;

    private static List<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.score() + " " + (f.process() != null ? f.process().pid()
                : "-") + " " + (f.file() != null ? f.file().path() : "-")).sorted().toList();
    }

    @Test
    void recordingAReplayedHostReplaysTheSameFindings() throws Exception {
        Path disk1 = Files.createDirectories(dir.resolve("disk1"));
        WindowsRecording original = WindowsFixture.recording(WindowsFixture.CASE2, disk1);
        RecordingWindowsSources recorder = new RecordingWindowsSources(WindowsSources.of(original));
        Snapshot first = WindowsFixture.collect(recorder.sources());
        List<Finding> before = WindowsFixture.detect(first, WindowsDetectors.all());

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        recorder.save(json);
        Path disk2 = Files.createDirectories(dir.resolve("disk2"));
        WindowsRecording replay = WindowsRecording.load(new ByteArrayInputStream(json.toByteArray()), disk2);
        Snapshot second = WindowsFixture.collect(replay);
        List<Finding> after = WindowsFixture.detect(second, WindowsDetectors.all());

        assertFalse(before.isEmpty());
        assertEquals(summary(before), summary(after));
        assertEquals(first.persistence().size(), second.persistence().size(), "the task store travelled in the recording");
    }
}
