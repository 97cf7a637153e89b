package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynamic linker preloading: each library named in /etc/ld.so.preload, and each library an {@code LD_PRELOAD}
 * assignment names in /etc/environment or a shell start-up file. One entry per library (kind "preload"), its
 * path as command and reference, at the line that names it.
 */
public final class PreloadCollector extends PersistenceCollector {
    static final String KIND = "preload";
    static final String PRELOAD_FILE = "/etc/ld.so.preload";
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "\\bLD_PRELOAD\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s;&|]+))");

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        files.read(PRELOAD_FILE).filter(t -> !t.binary()).ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                String active = hash >= 0 ? line.substring(0, hash) : line;
                for (String lib : active.split("[\\s:]+")) {
                    if (!lib.isEmpty()) {
                        out.add(new PersistenceEntry(KIND, PRELOAD_FILE, i + 1, null, lib, text.mtime(),
                                lib.startsWith("/") ? List.of(lib) : List.of()));
                    }
                }
            }
        });
        for (ProfileFiles.Source source : ProfileFiles.of(files)) {
            files.read(source.path()).filter(t -> !t.binary() && files.claim(t.real()))
                    .ifPresent(text -> assignments(text, source.user(), out));
        }
    }

    static void assignments(HostFiles.Text text, String user, List<PersistenceEntry> out) {
        List<String> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (HostFiles.inert(line)) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            while (m.find()) {
                String value = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                List<String> libs = new ArrayList<>();
                for (String lib : value.split("[\\s:]+")) {
                    if (!lib.isEmpty() && !lib.startsWith("$")) {
                        libs.add(lib);
                    }
                }
                for (String lib : libs) {
                    out.add(new PersistenceEntry(KIND, text.hostPath(), i + 1, user, lib, text.mtime(),
                            lib.startsWith("/") ? List.of(lib) : List.of()));
                }
            }
        }
    }
}
