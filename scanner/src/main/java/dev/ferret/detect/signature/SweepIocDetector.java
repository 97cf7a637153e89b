package dev.ferret.detect.signature;

import dev.ferret.data.rules.Rule;
import dev.ferret.data.Ioc;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hash and file-name IOCs over every file the sweep read (hashes come from the sweep's single read). */
public final class SweepIocDetector implements Detector {
    @Override
    public String id() {
        return "ioc.sweep";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (ScannedFile file : snapshot.scannedFiles()) {
            Finding.Builder f = Finding.builder(id(), "File matches an IOC").category("file").file(file.ref());
            for (String hash : new String[] {file.md5(), file.sha1(), file.sha256()}) {
                Optional<Ioc> ioc = context.data().iocs().hash(hash);
                ioc.ifPresent(i -> f.reason("hash " + hash + " is listed: " + i.description() + " (" + i.source() + ")",
                        rule.weight("listed-hash")));
            }
            for (WeightedPattern p : context.data().iocs().fileNameMatches(file.path())) {
                f.reason(file.path() + " matches file-name IOC " + p.pattern().pattern()
                        + (p.description().isEmpty() ? "" : " (" + p.description() + ")"), p.score());
            }
            if (f.hasReasons()) {
                f.respond("quarantine " + file.path() + " and search the fleet for its hash");
                findings.add(f.build());
            }
        }
        return findings;
    }
}
