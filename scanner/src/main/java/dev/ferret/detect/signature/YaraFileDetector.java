package dev.ferret.detect.signature;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.SignatureMatch;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;

/** Files that YARA rules matched: one finding per file, every matching rule a reason. */
public final class YaraFileDetector implements Detector {
    @Override
    public String id() {
        return "yara.file";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ScannedFile file : snapshot.scannedFiles()) {
            if (file.matches().isEmpty()) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "File matches YARA signatures").category("file").file(file.ref());
            for (SignatureMatch m : file.matches()) {
                YaraEvidence.add(f, m, file.path(), rule.weight("default-score"));
            }
            f.respond("quarantine " + file.path() + " (sha256 " + file.sha256() + ") and search the fleet for it");
            findings.add(f.build());
        }
        return findings;
    }
}
