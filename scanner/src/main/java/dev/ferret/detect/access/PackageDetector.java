package dev.ferret.detect.access;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.access.EventTimes;
import dev.ferret.model.access.PackageFile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Binaries the package database does not vouch for:
 * <ul>
 * <li>{@code linux.access.package-file-changed} (T1554): content differs from dpkg's recorded MD5 — a trojaned
 * {@code sshd}, {@code ps}, {@code ls} or PAM module (high).</li>
 * <li>{@code linux.access.package-unknown-binary}: a file no package installed in a package-managed binary directory:
 * medium when it changed recently or is dot-named, otherwise one low summary finding.</li>
 * </ul>
 */
public final class PackageDetector implements Detector {
    static final String ID = "linux.access.package";
    static final String CHANGED_ID = "linux.access.package-file-changed";
    static final String UNKNOWN_ID = "linux.access.package-unknown-binary";
    private static final int LISTED = 20;

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        AccessContext a = new AccessContext(snapshot, context);
        List<Finding> out = new ArrayList<>();
        List<PackageFile> oldUnknown = new ArrayList<>();
        for (PackageFile p : a.facts.packageFiles()) {
            // a ctime after the host's "now" comes from copying the tree, not from the host
            Instant ctime = p.ctime() != null && p.ctime().isAfter(a.now.plus(java.time.Duration.ofDays(1))) ? null
                    : p.ctime();
            Instant changed = ctime != null && (p.mtime() == null || ctime.isAfter(p.mtime())) ? ctime : p.mtime();
            if (p.status() == PackageFile.Status.CHANGED) {
                Finding.Builder f = Finding.builder(CHANGED_ID, "Package file modified: " + p.path())
                        .category("persistence", "defense-evasion").technique(a.rule(CHANGED_ID).technique("compromise-binary"))
                        .file(new FileRef(p.path(), p.size(), p.mtime(), p.actualMd5(), null))
                        .reason(p.path() + " has MD5 " + p.actualMd5() + " but package " + p.packageName()
                                + " installed it with MD5 " + p.expectedMd5() + " (dpkg md5sums)",
                                a.rule(CHANGED_ID).weight("changed"))
                        .reason("modified " + AccessContext.at(p.mtime()) + ", inode changed " + AccessContext.at(p.ctime())
                                + (p.elf() ? "; an ELF executable" : ""), 0);
                EventTimes.add(f, changed, p.path() + " replaced");
                f.respond("preserve " + p.path() + " (copy, hashes) for analysis");
                f.respond("reinstall " + p.packageName() + " from a trusted source (apt-get install --reinstall "
                        + p.packageName() + ") and run debsums -c to find other changed files");
                out.add(f.build());
                continue;
            }
            String name = p.path().substring(p.path().lastIndexOf('/') + 1);
            boolean hidden = name.startsWith(".");
            if (!a.isRecent(changed) && !hidden) {
                oldUnknown.add(p);
                continue;
            }
            Finding.Builder f = Finding.builder(UNKNOWN_ID, "Binary no package installed: " + p.path())
                    .category("persistence").technique(a.rule(UNKNOWN_ID).technique("masquerading"))
                    .file(new FileRef(p.path(), p.size(), p.mtime(), null, null))
                    .reason(p.path() + " is in a package-managed directory but no installed package lists it"
                            + (p.elf() ? " (an ELF executable)" : ""), a.rule(UNKNOWN_ID).weight("unknown"));
            if (a.isRecent(changed)) {
                f.reason("it appeared or changed " + a.ago(changed) + " (" + AccessContext.at(changed) + ")",
                        a.rule(UNKNOWN_ID).weight("recent-or-hidden"));
            }
            if (hidden) {
                f.reason("its name starts with a dot: hidden from ls", a.rule(UNKNOWN_ID).weight("recent-or-hidden"));
            }
            EventTimes.add(f, changed, p.path() + " written");
            f.respond("find where " + p.path() + " came from (dpkg -S, the admin, the shell histories) before removing it");
            out.add(f.build());
        }
        if (!oldUnknown.isEmpty()) {
            Finding.Builder f = Finding.builder(UNKNOWN_ID, oldUnknown.size() + " binaries no package installed")
                    .category("persistence").technique(a.rule(UNKNOWN_ID).technique("masquerading"))
                    .reason(oldUnknown.size() + " files in package-managed binary directories belong to no package: "
                            + String.join(", ", oldUnknown.stream().limit(LISTED).map(PackageFile::path).toList())
                            + (oldUnknown.size() > LISTED ? ", ..." : ""), a.rule(UNKNOWN_ID).weight("unknown"));
            f.respond("review these files with the host's administrator (installed by hand, or by an attacker)");
            out.add(f.build());
        }
        return out;
    }
}
