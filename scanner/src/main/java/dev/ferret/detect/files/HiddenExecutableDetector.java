package dev.ferret.detect.files;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dot-named executables in system paths and executables in temp dirs (/usr/lib/mysql/.sh, /etc/.sh,
 * /tmp/wnTKYg): where droppers hide binaries from a casual ls.
 */
public final class HiddenExecutableDetector implements Detector {
    @Override
    public String id() {
        return "file.hidden-executable";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        PathJudge judge = new PathJudge(context.data());
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (FileEntry e : snapshot.files()) {
            boolean candidate = e.location().equals("temp") || (e.location().equals("system") && e.hidden());
            if (!candidate || !e.executable()) {
                continue;
            }
            Optional<WeightedPattern> where = judge.judge(e.path());
            if (where.isEmpty()) {
                continue;
            }
            String kind = ElfMagic.kind(snapshot.hostPath(e.path()));
            if (kind == null) {
                continue; // an executable bit on data is noise
            }
            var hashes = context.hasher().hash(snapshot.hostPath(e.path()));
            findings.add(Finding.builder(id(), "Executable hidden in a system or temp path")
                    .category("file").technique(rule.technique("hidden-files"))
                    .file(new FileRef(e.path(), e.size(), e.mtime(), hashes.map(h -> h.md5()).orElse(null),
                            hashes.map(h -> h.sha256()).orElse(null)))
                    .reason(kind + " executable " + e.path() + ": " + PathJudge.describe(where.get()),
                            where.get().score())
                    .respond("quarantine " + e.path() + " after recording its hashes")
                    .build());
        }
        return findings;
    }
}
