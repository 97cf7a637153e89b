package dev.ferret.rules;

import dev.ferret.yara.CompileSkip;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraRules;

import java.util.List;

/**
 * The YARA rules a scan uses: one set compiled from sources (shipped and the user's) plus any precompiled
 * sets the user gave, each scanned in turn. Owns the libyara handle.
 *
 * @param fingerprint SHA-256 over every source and compiled file, for result caches
 */
public record LoadedRules(Yara yara, List<YaraRules> sets, int ruleCount, List<CompileSkip> skipped,
                          String fingerprint) implements AutoCloseable {
    @Override
    public void close() {
        sets.forEach(YaraRules::close);
        yara.close();
    }
}
