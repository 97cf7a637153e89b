package dev.ferret.rules;

import dev.ferret.yara.CompileSkip;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraRules;

import java.util.List;

/**
 * The YARA rules a scan uses: one set compiled from sources (shipped and the user's) plus any precompiled
 * sets the user gave, each scanned in turn. Owns the libyara handle.
 *
 * @param fingerprint SHA-256 over every source and compiled file, for result caches
 * @param partitions  sets split by what can match a file, each for one of {@code sets} (its whole set): the
 *                    file sweep scans each file with the part its header and size allow
 */
public record LoadedRules(Yara yara, List<YaraRules> sets, int ruleCount, List<CompileSkip> skipped,
                          String fingerprint, List<PartitionedRules> partitions) implements AutoCloseable {
    public LoadedRules {
        sets = List.copyOf(sets);
        partitions = List.copyOf(partitions);
    }

    public LoadedRules(Yara yara, List<YaraRules> sets, int ruleCount, List<CompileSkip> skipped,
                       String fingerprint) {
        this(yara, sets, ruleCount, skipped, fingerprint, List.of());
    }

    @Override
    public void close() {
        partitions.forEach(PartitionedRules::close);
        sets.forEach(YaraRules::close);
        yara.close();
    }
}
