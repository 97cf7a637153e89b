package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.MappingState;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.WinProcessFacts;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.ModuleEntry;
import dev.ferret.os.windows.WindowsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modules of every process (32- and 64-bit), each with the file its image section maps, that file's
 * Authenticode state and version resource (once per path for the whole host), and whether the mapping agrees with
 * the loader's path. Runs after the process collector.
 */
public final class WindowsModuleCollector extends WindowsCollector {
    static final String AREA = "processes";

    public WindowsModuleCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        String root = sources.environment().systemRoot();
        facts.systemRoot(root);
        Map<Integer, List<ModuleEntry>> raw = new HashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.executable() == null || facts.process(p.pid()).map(WinProcessFacts::limited).orElse(false)) {
                continue;
            }
            String who = p.pid() + " (" + p.name() + ")";
            try {
                List<ModuleEntry> list = sources.modules().modules(p.pid());
                raw.put(p.pid(), list);
                list.forEach(m -> {
                    if (m.path() != null) {
                        paths.add(WindowsPaths.normalise(m.path(), root));
                    }
                });
            } catch (WindowsException e) {
                if (e.gone()) {
                    coverage.count(AREA, "vanished before their modules were listed");
                } else {
                    coverage.gap(AREA, e.accessDenied() ? "modules not listable (access denied)"
                            : "modules not listable: " + e.getMessage(), who);
                }
            }
        }
        // one verification per file for the whole host; WinVerifyTrust is the slow part, so in parallel
        paths.parallelStream().forEach(path -> FileFactsReader.read(sources.files(), facts, path, coverage, AREA));
        int count = 0;
        for (Map.Entry<Integer, List<ModuleEntry>> e : raw.entrySet()) {
            List<ModuleInfo> modules = new ArrayList<>();
            for (ModuleEntry m : e.getValue()) {
                if (m.path() == null) {
                    coverage.gap(AREA, "module without a loader path", e.getKey() + String.format(" 0x%x", m.base()));
                    continue;
                }
                String path = WindowsPaths.normalise(m.path(), root);
                String mapped = WindowsPaths.normalise(m.mappedPath(), root);
                FileFacts file = FileFactsReader.read(sources.files(), facts, path, coverage, AREA);
                modules.add(new ModuleInfo(e.getKey(), path, m.base(), m.size(), mapped, mapping(path, mapped, file, root),
                        file));
            }
            facts.putModules(e.getKey(), modules);
            count += modules.size();
        }
        coverage.add(AREA, "modules", count);
    }

    static MappingState mapping(String path, String mapped, FileFacts file, String systemRoot) {
        MappingState state;
        if (mapped == null) {
            state = MappingState.UNKNOWN;
        } else if (WindowsPaths.samePath(path, mapped, systemRoot)) {
            state = MappingState.MATCHES;
        } else if (path.contains("~") || mapped.contains("~")) {
            state = MappingState.UNKNOWN; // 8.3 short names name the same file differently
        } else {
            return MappingState.DIFFERS;
        }
        return file != null && !file.readable() ? MappingState.FILE_MISSING : state;
    }
}
