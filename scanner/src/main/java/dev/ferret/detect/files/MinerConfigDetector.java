package dev.ferret.detect.files;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** XMRig-style miner configuration files in temp and hidden places. */
public final class MinerConfigDetector implements Detector {
    @Override
    public String id() {
        return "file.miner-config";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        int maxBytes = context.data().thresholds().integer("miner.config.max.bytes");
        int minScore = context.data().thresholds().integer("miner.config.min.score");
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (FileEntry e : snapshot.files()) {
            boolean place = e.location().equals("temp") || e.hidden();
            if (!place || e.size() == 0 || e.size() > maxBytes) {
                continue;
            }
            String text;
            try {
                // one char per byte: the keys are ASCII, and a binary file decoded as UTF-8 becomes a long UTF-16
                // string that every later step (lower-casing, matching) walks at several times the cost
                text = new String(ProcFiles.readBytes(snapshot.hostPath(e.path()), maxBytes),
                        StandardCharsets.ISO_8859_1);
            } catch (IOException ex) {
                continue;
            }
            List<WeightedPattern> keys = context.data().minerConfigKeys().matching(text);
            int total = keys.stream().mapToInt(WeightedPattern::score).sum();
            if (total < minScore) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "Miner configuration file")
                    .category("file").technique(rule.technique("resource-hijacking"))
                    .file(new FileRef(e.path(), e.size(), e.mtime(), null, null))
                    .reason(e.path() + " holds miner settings: " + String.join(", ",
                            keys.stream().map(k -> k.excerpt(text)).toList()), rule.weight("miner-settings"));
            f.respond("keep " + e.path() + " as evidence: it names the pool and wallet");
            findings.add(f.build());
        }
        return findings;
    }
}
