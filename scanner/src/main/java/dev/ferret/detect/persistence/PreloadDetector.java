package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Libraries preloaded into programs by configuration (T1574.006):
 * <ul>
 * <li>{@code linux.persistence.ld-preload}: each library in /etc/ld.so.preload — loaded into every dynamically
 * linked program, the mechanism of THREATS case 1's libprocesshider.so. High whatever the library
 * (its rule's {@code preload-file} weight): the file does not exist on a normal system, and a hider in a
 * system directory is no less a hider.</li>
 * <li>{@code linux.persistence.ld-preload-profile}: an {@code LD_PRELOAD} assignment in /etc/environment or a
 * shell start-up file. High for a library outside the system library directories
 * (its rule's {@code profile} weight); low for a package-like lib*.so in them
 * ({@code persistence.preload.system.weight}: jemalloc or tcmalloc set for a database, for instance).</li>
 * </ul>
 * Each library's hashes (when it exists under the scanned root), file-name and hash IOCs, a suspicious location and
 * a recent change of the holding file add reasons.
 */
public final class PreloadDetector implements Detector {
    static final String ID = "linux.persistence.ld-preload";
    static final String PROFILE_ID = "linux.persistence.ld-preload-profile";

    @Override
    public String id() {
        return ID;
    }


    private static final byte[] READDIR = "readdir".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What makes a preloaded library a rootkit rather than an allocator: it hooks readdir, or no package owns it. */
    private static void libraryNature(Finding.Builder f, Snapshot snapshot, String lib, Rule rule) {
        try {
            var content = dev.ferret.os.linux.HostFileRead.read(snapshot.hostPath(lib),
                    (long) rule.threshold("max-library-bytes"), 2000);
            if (indexOf(content.bytes(), READDIR) >= 0) {
                f.reason(lib + " names readdir: it can hook the call ls and ps use to list files and processes",
                        rule.weight("hooks-readdir"));
            }
        } catch (java.io.IOException | RuntimeException ex) {
            snapshot.coverage().gap("persistence", "preloaded library unreadable", lib);
        }
        // the scan's one package index (read once, shared), not the whole dpkg database again per library
        dev.ferret.collect.linux.dpkg.PackagedFiles.of(snapshot).filter(p -> !p.owns(lib))
                .ifPresent(p -> f.reason("no package owns " + lib, rule.weight("unpackaged")));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        var t = context.data().thresholds();
        for (PersistenceEntry e : snapshot.persistence()) {
            if (!e.kind().equals(Hints.PRELOAD) || e.command() == null) {
                continue;
            }
            String lib = e.command();
            boolean file = e.path().equals(Hints.PRELOAD_FILE);
            Finding.Builder f;
            Rule rule = context.data().rules().rule(file ? ID : PROFILE_ID);
            if (file) {
                f = Finding.builder(ID, "Library preloaded into every program by /etc/ld.so.preload")
                        .reason(e.location() + " preloads " + lib + " into every dynamically linked program "
                                + "(a preload rootkit hides processes, files and sockets from ps, ls and netstat)",
                                rule.weight("preload-file"));
            } else {
                boolean system = Hints.systemLibrary(lib);
                f = Finding.builder(PROFILE_ID, "LD_PRELOAD set in a shell start-up file")
                        .technique(rule.technique("profile"))
                        .reason("LD_PRELOAD at " + e.location() + " loads " + lib + " into every program started "
                                + "from these shells" + (system ? " (a package-like library in a system library "
                                + "directory)" : ""), system ? t.integer("persistence.preload.system.weight")
                                : rule.weight("profile"));
            }
            f.category("persistence", "file").technique(rule.technique("preload")).persistence(e);
            FileRef ref = lib.startsWith("/") ? Hints.file(snapshot, context, lib) : null;
            if (lib.startsWith("/")) {
                for (Reason r : Hints.pathReasons(lib, context, 1.0)) {
                    f.reason(r.text(), r.weight());
                }
                if (!Hints.exists(snapshot, lib)) {
                    f.reason(lib + " does not exist under the scanned root (deleted, or hidden by the rootkit "
                            + "it is)", 0);
                } else {
                    libraryNature(f, snapshot, lib, rule);
                }
                if (Hints.exists(snapshot, lib) && ref.md5() != null) {
                    f.reason(lib + " md5 " + ref.md5() + ", sha256 " + ref.sha256(), 0);
                    Hints.hashIoc(ref, context, rule).ifPresent(r -> f.reason(r.text(), r.weight()));
                }
                Hints.recent(lib, ref.mtime(), context, t.integer("persistence.recent.weight"), 1.0)
                        .ifPresent(r -> f.reason("the library itself: " + r.text(), r.weight()));
                f.file(ref);
            } else {
                f.reason(lib + " is not an absolute path: the linker searches the library path for it", 0);
            }
            Hints.addRecent(f, e, context);
            Responses.preserve(f, e.path());
            if (lib.startsWith("/") && Hints.exists(snapshot, lib)) {
                Responses.preserve(f, lib);
            }
            Responses.remove(f, e, false);
            if (file) {
                f.respond("after emptying " + Hints.PRELOAD_FILE + ", list processes, files and connections again: "
                        + "what the library hid becomes visible (a miner at full CPU in case 1)");
            } else {
                f.respond("restart the sessions and services started with it, after removing the assignment");
            }
            if (lib.startsWith("/")) {
                Responses.quarantine(f, snapshot, lib);
            }
            findings.add(f.build());
        }
        return findings;
    }
}
