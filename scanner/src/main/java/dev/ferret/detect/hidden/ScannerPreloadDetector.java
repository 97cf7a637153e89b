package dev.ferret.detect.hidden;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.data.rules.Rule;
import dev.ferret.model.Finding;
import dev.ferret.model.FileRef;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Code mapped into ferret's own process that ferret did not load: the signature of a preload rootkit,
 * which every dynamically linked program on the host — this JVM included — now runs.
 */
public final class ScannerPreloadDetector implements Detector {
    private static final List<String> SYSTEM_LIBRARY_DIRS = List.of("/usr/lib/", "/lib/", "/lib64/", "/usr/lib64/",
        "/usr/lib32/", "/lib32/");

    @Override
    public String id() {
        return "linux.scanner-preloaded";
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        ProcessInfo self = snapshot.scanner().orElse(null);
        if (self == null) {
            return List.of();
        }
        Set<String> preloaded = new LinkedHashSet<>();
        snapshot.persistence().stream().filter(e -> e.kind().equals("preload")).map(PersistenceEntry::command)
                .forEach(preloaded::add);
        String env = self.environment().get("LD_PRELOAD");
        if (env != null) {
            preloaded.addAll(List.of(env.split("[:\\s]+")));
        }
        Rule rule = context.data().rules().rule(id());
        Set<String> seen = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (MemoryMapping m : self.mappings()) {
            if (!m.executable() || m.anonymous() || m.pseudo() || !seen.add(m.path())) {
                continue;
            }
            boolean named = preloaded.contains(m.path());
            if (!named && (trusted(m.path()) || libffiTrampoline(m))) {
                continue;
            }
            Finding.Builder f = Finding.builder(id(), "Foreign library loaded into ferret's own process")
                    .category("process", "library").technique(rule.techniques("preload", "rootkit"))
                    .file(FileRef.of(m.path()))
                    .reason(m.path() + " is mapped executable into ferret (pid " + self.pid()
                            + ") although ferret never loaded it", rule.weight(named ? "mapped-named" : "mapped"));
            if (named) {
                f.reason("it is named by " + (env != null && env.contains(m.path()) ? "LD_PRELOAD" : "/etc/ld.so.preload")
                        + ": every dynamically linked program on the host loads it", rule.weight("preloaded"));
            }
            f.respond("treat the output of ps, top, ls and netstat on this host as untrusted")
                    .respond("remove " + m.path() + " from /etc/ld.so.preload and keep a copy as evidence");
            findings.add(f.build());
        }
        return findings;
    }

    /**
     * libffi (inside JNA) gets executable memory for callbacks by mapping a temp file it has already
     * unlinked, named ffi + six random characters.
     */
    private static boolean libffiTrampoline(MemoryMapping m) {
        String name = Path.of(m.path()).getFileName().toString();
        return m.deleted() && name.matches("ffi[A-Za-z0-9]{6}");
    }

    /** Libraries the JVM, JNA and libyara legitimately map. */
    private static boolean trusted(String path) {
        if (SYSTEM_LIBRARY_DIRS.stream().anyMatch(path::startsWith)) {
            return true;
        }
        for (String property : List.of("java.home", "ferret.home")) {
            String dir = System.getProperty(property);
            if (dir != null && Path.of(path).startsWith(Path.of(dir).toAbsolutePath().normalize())) {
                return true;
            }
        }
        // JNA unpacks its dispatcher into a temp or cache dir under a jna-prefixed name
        String name = Path.of(path).getFileName().toString();
        return name.startsWith("jna") && name.endsWith(".tmp") || name.startsWith("libjnidispatch");
    }
}
