package dev.ferret.detect.persistence;

import dev.ferret.detect.Detector;

import java.util.List;

/** Every Linux persistence detector. */
public final class PersistenceDetectors {
    private PersistenceDetectors() {
    }

    public static List<Detector> all() {
        return List.of(
                new CommandPatternDetector(CommandPatternDetector.Rule.DOWNLOAD_EXEC),
                new CommandPatternDetector(CommandPatternDetector.Rule.DECODE_EXEC),
                new CommandPatternDetector(CommandPatternDetector.Rule.REVERSE_SHELL),
                new CommandPatternDetector(CommandPatternDetector.Rule.SUSPICIOUS),
                new SuspiciousPathDetector(),
                new CopyRunDeleteDetector(),
                new SupervisordConfigDetector(),
                new SupervisordProgramDetector(),
                new PreloadDetector(),
                new ProcessPreloadDetector(),
                new SshKeyDetector(),
                new BinaryStuffingDetector());
    }
}
