package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.WindowsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Autostart registry values (T1547.001, T1547.004): Run, RunOnce, RunServices and the policy Run key, in the native
 * and the Wow6432Node views, machine-wide and for every user hive that is loaded; Winlogon Shell and Userinit; and
 * AppInit_DLLs when loading them is on. Each value is one persistence entry; paths are expanded with the owning
 * user's environment.
 */
public final class WindowsRunKeyCollector extends WindowsCollector {
    static final String AREA = "persistence";
    public static final String KIND = "run-key";
    public static final String WINLOGON_KIND = "winlogon";
    public static final String APPINIT_KIND = "appinit";
    static final List<String> RUN_KEYS = List.of(
            "Software\\Microsoft\\Windows\\CurrentVersion\\Run",
            "Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
            "Software\\Microsoft\\Windows\\CurrentVersion\\RunServices",
            "Software\\Microsoft\\Windows\\CurrentVersion\\RunServicesOnce",
            "Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run",
            "Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
            "Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce");
    static final String WINLOGON = "Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    static final String WINDOWS = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Windows";

    public WindowsRunKeyCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        facts.systemRoot(env.systemRoot());
        List<PersistenceEntry> entries = new ArrayList<>();
        List<String[]> hives = new ArrayList<>();
        hives.add(new String[] {"HKLM", null});
        Set<String> loaded = new HashSet<>();
        try {
            for (String sid : sources.registry().subKeys("HKU")) {
                if (sid.toUpperCase(Locale.ROOT).startsWith("S-1-5-") && !sid.endsWith("_Classes")) {
                    hives.add(new String[] {"HKU\\" + sid, sid});
                    loaded.add(sid.toUpperCase(Locale.ROOT));
                }
            }
        } catch (WindowsException e) {
            coverage.gap(AREA, "user hives not listable: " + e.getMessage(), "HKU");
        }
        for (WindowsEnvironment.Profile p : env.profiles()) {
            if (!loaded.contains(p.sid().toUpperCase(Locale.ROOT)) && !WindowsEnvironment.serviceSid(p.sid())) {
                coverage.gap(AREA, "user hive not loaded (user not logged on): its Run keys live in NTUSER.DAT, "
                        + "not read", p.directory() + "\\NTUSER.DAT");
            }
        }
        for (String[] hive : hives) {
            String sid = hive[1];
            String user = sid == null ? null : env.profile(sid).map(WindowsEnvironment.Profile::name).orElse(sid);
            Map<String, String> vars = env.user(sid);
            for (String sub : RUN_KEYS) {
                String key = hive[0] + "\\" + sub;
                read(key, sid, user, vars, env, facts, entries, coverage, KIND, null);
            }
            read(hive[0] + "\\" + WINLOGON, sid, user, vars, env, facts, entries, coverage, WINLOGON_KIND,
                    Set.of("shell", "userinit", "taskman"));
        }
        try {
            Map<String, RegistryValue> windows = sources.registry().values("HKLM\\" + WINDOWS);
            Long load = WindowsServiceCollector.number(windows, "LoadAppInit_DLLs");
            if (load != null && load == 1) {
                read("HKLM\\" + WINDOWS, null, null, env.machine(), env, facts, entries, coverage, APPINIT_KIND,
                        Set.of("appinit_dlls"));
            }
        } catch (WindowsException e) {
            coverage.gap(AREA, "AppInit_DLLs unreadable: " + e.getMessage(), "HKLM\\" + WINDOWS);
        }
        coverage.add(AREA, "autostart registry values", entries.size());
        snapshot.addPersistence(entries);
    }

    private void read(String key, String sid, String user, Map<String, String> vars, WindowsEnvironment env,
                      WindowsFacts facts, List<PersistenceEntry> out, Coverage coverage, String kind,
                      Set<String> only) {
        Map<String, RegistryValue> values;
        Instant lastWrite;
        try {
            values = sources.registry().values(key);
            if (values.isEmpty()) {
                return;
            }
            lastWrite = sources.registry().lastWrite(key).orElse(null);
        } catch (WindowsException e) {
            coverage.gap(AREA, "autostart key unreadable: " + e.getMessage(), key);
            return;
        }
        for (Map.Entry<String, RegistryValue> v : values.entrySet()) {
            String name = v.getKey();
            String data = v.getValue().text();
            if (data == null || data.isBlank() || only != null && !only.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            List<String> refs = new ArrayList<>();
            // Userinit and AppInit_DLLs are lists: "...userinit.exe," (comma separated) and "a.dll b.dll"
            String[] parts = kind.equals(KIND) ? new String[] {data} : data.split(kind.equals(APPINIT_KIND) ? "[ ,]" : ",");
            for (String part : parts) {
                if (!part.isBlank()) {
                    refs.addAll(WindowsPaths.references(part.strip(), vars, env.systemRoot()));
                }
            }
            String path = key + "\\" + name;
            PersistenceEntry entry = new PersistenceEntry(kind, path, 0, user, data, lastWrite,
                    refs.stream().distinct().toList());
            out.add(entry);
            facts.addPersistenceSource(new PersistenceSource(entry, kind, key, name, name, sid));
        }
    }
}
