package dev.ferret.detect;

import dev.ferret.data.DetectionData;
import dev.ferret.data.WeightedPattern;

import java.util.Comparator;
import java.util.Optional;

/** How suspicious a location is, from the suspicious-paths data (temp dirs, dot-dirs in system paths...). */
public final class PathJudge {
    private final DetectionData data;

    public PathJudge(DetectionData data) {
        this.data = data;
    }

    /** The strongest pattern the path matches, if any. */
    public Optional<WeightedPattern> judge(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return data.suspiciousPaths().matching(path).stream().max(Comparator.comparingInt(WeightedPattern::score));
    }

    /** "in a world-writable temp directory" style text for a reason line. */
    public static String describe(WeightedPattern p) {
        return p.description() == null || p.description().isEmpty() ? "a suspicious location"
                : p.description().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + p.description().substring(1);
    }
}
