package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.WindowsException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scheduled tasks (T1053.005) from the task store, C:\Windows\System32\Tasks: one persistence entry per action,
 * Exec actions with their command line, ComHandler actions resolved through the class's InprocServer32 DLL. The
 * legacy .job files in C:\Windows\Tasks are binary and only counted.
 */
public final class WindowsTaskCollector extends WindowsCollector {
    static final String AREA = "persistence";
    public static final String KIND = "scheduled-task";
    static final int MAX_TASK_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 12;

    public WindowsTaskCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        String store = env.systemRoot() + "\\System32\\Tasks";
        Path dir = sources.disk().path(store);
        List<PersistenceEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            coverage.gap(AREA, "task store not readable", store);
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            coverage.gap(AREA, "task store not listable: " + e.getMessage(), store);
            return;
        }
        for (Path file : files) {
            String relative = dir.relativize(file).toString().replace('/', '\\');
            String hostPath = store + "\\" + relative;
            String taskName = "\\" + relative;
            TaskXml task;
            Instant mtime;
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.size() > MAX_TASK_BYTES) {
                    coverage.gap(AREA, "task definition larger than " + MAX_TASK_BYTES + " bytes: not read", hostPath);
                    continue;
                }
                mtime = a.lastModifiedTime().toInstant();
                byte[] bytes;
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    bytes = in.readNBytes(MAX_TASK_BYTES);
                }
                task = TaskXml.parse(bytes);
            } catch (IOException e) {
                coverage.gap(AREA, "task definition unreadable: " + e.getMessage(), hostPath);
                continue;
            }
            coverage.count(AREA, "scheduled tasks");
            String sid = task.userId() != null && task.userId().startsWith("S-1-") ? task.userId() : null;
            var vars = sid != null ? env.user(sid) : env.machine();
            int n = 0;
            for (TaskXml.Action action : task.actions()) {
                n++;
                List<String> refs = new ArrayList<>();
                String command = action.commandLine();
                if (action.classId() != null) {
                    String dll = comServer(action.classId(), env);
                    if (dll != null) {
                        refs.add(dll);
                        command += " (" + dll + ")";
                    }
                } else if (action.command() != null) {
                    String program = action.command().contains(" ") && !action.command().startsWith("\"")
                            ? "\"" + action.command() + "\"" : action.command();
                    refs.addAll(WindowsPaths.references(program + (action.arguments() != null
                            ? " " + action.arguments() : ""), vars, env.systemRoot()));
                }
                String flags = (task.enabled() ? "" : " [disabled]") + (task.hidden() ? " [hidden]" : "");
                PersistenceEntry entry = new PersistenceEntry(KIND, hostPath, task.actions().size() > 1 ? n : 0,
                        task.userId(), command + flags, mtime, refs);
                entries.add(entry);
                facts.addPersistenceSource(new PersistenceSource(entry, KIND, null, null, taskName, sid));
            }
        }
        Path legacy = sources.disk().path(env.systemRoot() + "\\Tasks");
        try (Stream<Path> jobs = Files.isDirectory(legacy) ? Files.list(legacy) : Stream.empty()) {
            long count = jobs.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".job"))
                    .count();
            if (count > 0) {
                coverage.gap(AREA, "legacy .job tasks not parsed (binary format)", count + " in "
                        + env.systemRoot() + "\\Tasks");
            }
        } catch (IOException e) {
            // nothing to add
        }
        snapshot.addPersistence(entries);
    }

    /** The DLL a COM class loads (HKLM\SOFTWARE\Classes\CLSID\{id}\InprocServer32 default value). */
    private String comServer(String classId, WindowsEnvironment env) {
        String id = classId.startsWith("{") ? classId : "{" + classId + "}";
        try {
            var values = sources.registry().values("HKLM\\SOFTWARE\\Classes\\CLSID\\" + id + "\\InprocServer32");
            var v = values.get("");
            return v == null || v.text() == null ? null
                    : WindowsPaths.normalise(WindowsPaths.expand(v.text(), env.machine()), env.systemRoot());
        } catch (WindowsException e) {
            return null;
        }
    }
}
