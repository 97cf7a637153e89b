package dev.ferret.detect.files;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every other copy of a file that an earlier finding called malicious (THREATS case 1: .sh, shh, spts and
 * .sh again, one MD5). Runs after the other detectors; compares sizes first so it hashes only candidates.
 */
public final class SameFileCopiesDetector implements Detector {
    @Override
    public String id() {
        return "file.same-file-copies";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        long maxBytes = context.data().thresholds().integer("copies.max.file.bytes");
        Map<String, Finding> originals = originals(context.earlier());
        Map<Long, List<FileEntry>> bySize = new HashMap<>();
        for (FileEntry e : snapshot.files()) {
            if (e.size() > 0 && e.size() <= maxBytes) {
                bySize.computeIfAbsent(e.size(), k -> new ArrayList<>()).add(e);
            }
        }
        // the signature sweep hashed its files already: they are matched by hash without another read
        Map<String, List<ScannedFile>> sweptBySha256 = new HashMap<>();
        for (ScannedFile f : snapshot.scannedFiles()) {
            sweptBySha256.computeIfAbsent(f.sha256(), k -> new ArrayList<>()).add(f);
        }
        Set<String> reported = new java.util.HashSet<>(originals.keySet());
        Rule rule = context.data().rules().rule(id());
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Finding> original : originals.entrySet()) {
            Optional<FileHasher.Hashes> hashes = hash(snapshot, context.hasher(), original.getValue(),
                    original.getKey());
            if (hashes.isEmpty() || hashes.get().size() == 0) {
                continue; // an empty file (an emptied log) has no content that another file could copy
            }
            String sha256 = hashes.get().sha256();
            for (ScannedFile swept : sweptBySha256.getOrDefault(sha256, List.of())) {
                if (reported.add(swept.path())) {
                    findings.add(copy(rule, swept.ref(), swept.md5(), original.getKey(), original.getValue()));
                }
            }
            for (FileEntry candidate : bySize.getOrDefault(hashes.get().size(), List.of())) {
                if (reported.contains(candidate.path())) {
                    continue;
                }
                Optional<FileHasher.Hashes> other = context.hasher().hash(snapshot.hostPath(candidate.path()));
                if (other.isPresent() && other.get().sha256().equals(sha256)) {
                    reported.add(candidate.path());
                    findings.add(copy(rule, new FileRef(candidate.path(), candidate.size(), candidate.mtime(),
                            other.get().md5(), sha256), other.get().md5(), original.getKey(), original.getValue()));
                }
            }
        }
        return findings;
    }

    private Finding copy(Rule rule, FileRef copy, String md5, String originalPath, Finding source) {
        return Finding.builder(id(), "Copy of a malicious file")
                .category("file").technique(rule.technique("hide-artifacts")).file(copy)
                .reason(copy.path() + " is identical (MD5 " + md5 + ") to " + originalPath + ", reported by "
                        + source.ruleId(), Math.max(rule.weight("copy-floor"),
                                source.score() - rule.thresholdInt("below-original")))
                .respond("quarantine " + copy.path() + " together with " + originalPath)
                .build();
    }

    /** Files named by earlier findings of medium severity or more. */
    private static Map<String, Finding> originals(List<Finding> earlier) {
        Map<String, Finding> result = new LinkedHashMap<>();
        for (Finding f : earlier) {
            if (f.severity().compareTo(Severity.MEDIUM) < 0) {
                continue;
            }
            if (f.file() != null && f.file().path() != null) {
                result.merge(f.file().path(), f, (a, b) -> a.score() >= b.score() ? a : b);
            }
            if (f.process() != null && f.process().executable() != null) {
                result.merge(f.process().executable(), f, (a, b) -> a.score() >= b.score() ? a : b);
            }
        }
        return result;
    }

    /** A deleted executable is still readable through its process. */
    private static Optional<FileHasher.Hashes> hash(Snapshot snapshot, FileHasher hasher, Finding f, String path) {
        if (f.process() != null && path.equals(f.process().executable()) && snapshot.live()) {
            Optional<FileHasher.Hashes> image = hasher.hashProcessImage(f.process().pid());
            if (image.isPresent()) {
                return image;
            }
        }
        return hasher.hash(snapshot.hostPath(path));
    }
}
