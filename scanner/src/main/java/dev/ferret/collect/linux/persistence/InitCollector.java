package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SysV init and rc.local: every script in /etc/init.d (and /etc/rc.d/init.d), /etc/rc.local and
 * /etc/rc.d/rc.local (one entry per file, its text as command), and the start links of the runlevel
 * directories /etc/rc?.d and /etc/rc.d/rc?.d: one entry per S* link, whose command is the script it starts,
 * resolved inside the scanned tree.
 */
public final class InitCollector extends PersistenceCollector {
    static final String KIND = "init";
    private static final List<String> SCRIPT_DIRS = List.of("/etc/init.d", "/etc/rc.d/init.d");
    private static final List<String> RC_LOCAL = List.of("/etc/rc.local", "/etc/rc.d/rc.local");
    private static final String RUNLEVELS = "0123456S";

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        List<String> scripts = new ArrayList<>(RC_LOCAL);
        for (String dir : SCRIPT_DIRS) {
            scripts.addAll(files.list(dir));
        }
        for (String path : scripts) {
            files.read(path).filter(t -> files.claim(t.real())).filter(PersistenceCollector::worthAnEntry)
                    .ifPresent(t -> out.add(script(KIND, t, "root")));
        }
        List<Path> seenDirs = new ArrayList<>();
        for (char level : RUNLEVELS.toCharArray()) {
            for (String dir : List.of("/etc/rc" + level + ".d", "/etc/rc.d/rc" + level + ".d")) {
                Optional<Path> real = files.resolve(dir);
                if (real.isEmpty() || seenDirs.contains(real.get())) {
                    continue;
                }
                seenDirs.add(real.get());
                for (String link : files.list(dir)) {
                    if (HostFiles.name(link).startsWith("S")) {
                        startLink(files, link, out);
                    }
                }
            }
        }
    }

    private static void startLink(HostFiles files, String link, List<PersistenceEntry> out) {
        Optional<String> raw = files.linkTarget(link);
        if (raw.isEmpty()) {
            // a plain file in a runlevel directory runs as a script too
            files.read(link).filter(PersistenceCollector::worthAnEntry)
                    .ifPresent(t -> out.add(script(KIND, t, "root")));
            return;
        }
        Optional<Path> real = files.resolve(link);
        String target = real.map(files::hostPathOf).orElseGet(() -> lexical(HostFiles.parent(link), raw.get()));
        // the link's own time: when it was planted, not when the script it starts last changed
        java.time.Instant mtime = files.resolve(HostFiles.parent(link)).map(d -> {
            try {
                return java.nio.file.Files.getLastModifiedTime(d.resolve(HostFiles.name(link)),
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (java.io.IOException | SecurityException e) {
                return null;
            }
        }).orElse(null);
        out.add(new PersistenceEntry(KIND, link, 0, "root", target, mtime, List.of(target)));
    }

    /** Where a link target points, as a host path, without touching the file system. */
    static String lexical(String dir, String target) {
        String joined = target.startsWith("/") ? target : dir + "/" + target;
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : joined.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }
}
