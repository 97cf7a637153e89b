package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.WindowsFacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Startup folders (T1547.001): the all-users folder and every profile's, one persistence entry per file; shortcuts
 * are resolved to the program and arguments they start.
 */
public final class WindowsStartupCollector extends WindowsCollector {
    static final String AREA = "persistence";
    public static final String KIND = "startup-folder";
    static final String SUFFIX = "\\Microsoft\\Windows\\Start Menu\\Programs\\Startup";
    private static final int MAX_LINK_BYTES = 1 << 20;

    public WindowsStartupCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        List<PersistenceEntry> entries = new ArrayList<>();
        folder(env.machine().get("ProgramData") + SUFFIX, null, null, env.machine(), env, facts, entries, coverage);
        for (WindowsEnvironment.Profile p : env.profiles()) {
            if (!WindowsEnvironment.serviceSid(p.sid())) {
                folder(p.directory() + "\\AppData\\Roaming" + SUFFIX, p.sid(), p.name(), env.user(p.sid()), env, facts,
                        entries, coverage);
            }
        }
        coverage.add(AREA, "startup folder items", entries.size());
        snapshot.addPersistence(entries);
    }

    private void folder(String hostDir, String sid, String user, Map<String, String> vars, WindowsEnvironment env,
                        WindowsFacts facts, List<PersistenceEntry> out, Coverage coverage) {
        Path dir = sources.disk().path(hostDir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            coverage.gap(AREA, "startup folder not listable: " + e.getMessage(), hostDir);
            return;
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equalsIgnoreCase("desktop.ini")) {
                continue;
            }
            String hostPath = hostDir + "\\" + name;
            Instant mtime = null;
            String command = hostPath;
            List<String> refs = new ArrayList<>();
            try {
                mtime = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".lnk")) {
                    byte[] bytes;
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        bytes = in.readNBytes(MAX_LINK_BYTES);
                    }
                    LnkFile link = LnkFile.parse(bytes);
                    if (link.target() != null) {
                        command = "\"" + link.target() + "\"" + (link.arguments() != null ? " " + link.arguments() : "");
                        refs.addAll(WindowsPaths.references(command, vars, env.systemRoot()));
                    } else {
                        coverage.gap(AREA, "shortcut target not resolvable (no local path)", hostPath);
                    }
                }
            } catch (IOException e) {
                coverage.gap(AREA, "startup item unreadable: " + e.getMessage(), hostPath);
            }
            refs.add(0, hostPath);
            PersistenceEntry entry = new PersistenceEntry(KIND, hostPath, 0, user, command, mtime,
                    refs.stream().distinct().toList());
            out.add(entry);
            facts.addPersistenceSource(new PersistenceSource(entry, KIND, null, null, name, sid));
        }
    }
}
