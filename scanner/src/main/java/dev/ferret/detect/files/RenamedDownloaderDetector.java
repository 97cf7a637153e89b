package dev.ferret.detect.files;

import dev.ferret.collect.linux.dpkg.PackagedFiles;
import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;
import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileEntry;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.Snapshot;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;

/**
 * A downloader (wget, curl) copied under another name, recognised by content: its MD5 is the one dpkg recorded for
 * the real tool. Reports the copy itself; a persistence entry that runs it then chains to it.
 */
public final class RenamedDownloaderDetector implements Detector {
    public static final String ID = "file.renamed-downloader";

    @Override
    public String id() {
        return ID;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public void prepare(Snapshot snapshot) {
        PackagedFiles.of(snapshot);
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Set<String> tools = new HashSet<>();
        for (DataLine l : DataFileReader.readResource("ferret/signatures/detect/downloaders.txt")) {
            tools.add(l.text());
        }
        Optional<PackagedFiles> packages = PackagedFiles.of(snapshot);
        if (packages.isEmpty()) {
            return List.of(); // no dpkg database: nothing to recognise a downloader's bytes by
        }
        Map<String, String> toolByMd5 = new HashMap<>();
        packages.get().md5ByPath().forEach((path, md5) -> {
            if (tools.contains(path)) {
                toolByMd5.put(md5, path);
            }
        });
        if (toolByMd5.isEmpty()) {
            return List.of();
        }
        // every file whose content is known: the sweep's (hashed) and the location sweep's executables
        Map<String, String> md5ByPath = new LinkedHashMap<>();
        for (ScannedFile f : snapshot.scannedFiles()) {
            if (f.md5() != null) {
                md5ByPath.put(f.path(), f.md5());
            }
        }
        for (FileEntry e : snapshot.files()) {
            if (e.executable() && !md5ByPath.containsKey(e.path())) {
                context.hasher().hash(snapshot.hostPath(e.path())).ifPresent(h -> md5ByPath.put(e.path(), h.md5()));
            }
        }
        Rule rule = context.data().rules().rule(ID);
        List<Finding> findings = new ArrayList<>();
        md5ByPath.forEach((path, md5) -> {
            String tool = toolByMd5.get(md5);
            if (tool == null || packages.get().owns(path) || baseName(path).equals(baseName(tool))) {
                // not a downloader, a name a package gave it, or still called wget/curl (a copied tree, a
                // chroot: the command patterns see that name anyway)
                return;
            }
            findings.add(Finding.builder(ID, rule.title()).category("file")
                    .technique(rule.techniques("masquerading", "ingress-tool-transfer"))
                    .file(new FileRef(path, null, null, md5, null))
                    .reason(path + " has the content dpkg recorded for " + tool, rule.weight("renamed-copy"))
                    .respond("quarantine " + path + " after recording its hashes")
                    .build());
        });
        return findings;
    }
}
