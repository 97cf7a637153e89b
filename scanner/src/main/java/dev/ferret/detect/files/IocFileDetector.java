package dev.ferret.detect.files;

import dev.ferret.data.rules.Rule;
import dev.ferret.data.Ioc;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * File-name and hash IOCs on the files a triage touches: process executables (read through
 * /proc/&lt;pid&gt;/exe, so deleted ones too), files persistence refers to, and files in temp and hidden
 * places. The full-disk sweep is the YARA/IOC file scan's job.
 */
public final class IocFileDetector implements Detector {
    /** A file to check, with the process that runs it when there is one. */
    private record Candidate(String path, Path readable, ProcessInfo process) {
        Optional<FileHasher.Hashes> hash(FileHasher hasher) {
            return process != null ? hasher.hashProcessImage(process.pid(), process.executable()) : hasher.hash(readable);
        }
    }

    @Override
    public String id() {
        return "ioc.file";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (Candidate c : candidates(snapshot)) {
            Finding.Builder f = Finding.builder(id(), "File matches an IOC").category("file");
            for (WeightedPattern p : context.data().iocs().fileNameMatches(c.path())) {
                f.reason(c.path() + " matches file-name IOC " + p.pattern().pattern()
                        + (p.description().isEmpty() ? "" : " (" + p.description() + ")"), p.score());
            }
            Optional<FileHasher.Hashes> hashes = c.hash(context.hasher());
            FileRef ref = FileRef.of(c.path());
            if (hashes.isPresent()) {
                FileHasher.Hashes h = hashes.get();
                ref = new FileRef(c.path(), h.size(), null, h.md5(), h.sha256());
                for (String value : List.of(h.md5(), h.sha256())) {
                    Optional<Ioc> ioc = context.data().iocs().hash(value);
                    ioc.ifPresent(i -> f.reason("hash " + value + " is listed: " + i.description()
                            + " (" + i.source() + ")", rule.weight("listed-hash")));
                }
            }
            if (f.hasReasons()) {
                f.file(ref).respond("quarantine " + c.path() + " and search the fleet for its hash");
                if (c.process() != null) {
                    f.process(ProcessRef.of(c.process()));
                }
                findings.add(f.build());
            }
        }
        return findings;
    }

    private static List<Candidate> candidates(Snapshot snapshot) {
        Map<String, Candidate> byPath = new LinkedHashMap<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.executable() != null) {
                // /proc/<pid>/exe reads the running binary even after it was deleted
                byPath.putIfAbsent(p.executable(), new Candidate(p.executable(),
                        Path.of("/proc", Integer.toString(p.pid()), "exe"), p));
            }
        }
        for (PersistenceEntry e : snapshot.persistence()) {
            for (String ref : e.references()) {
                byPath.putIfAbsent(ref, new Candidate(ref, snapshot.hostPath(ref), null));
            }
        }
        for (FileEntry e : snapshot.files()) {
            if (!e.location().equals("system") || e.hidden()) {
                byPath.putIfAbsent(e.path(), new Candidate(e.path(), snapshot.hostPath(e.path()), null));
            }
        }
        // files the signature sweep read are judged by its own IOC detector, from the hashes it already has
        snapshot.scannedFiles().forEach(f -> {
            Candidate c = byPath.get(f.path());
            if (c != null && c.process() == null) {
                byPath.remove(f.path());
            }
        });
        return new ArrayList<>(byPath.values());
    }
}
