package dev.ferret.model.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Windows facts of one scan that {@link Snapshot} has no fields for: per-process token facts, loaded modules
 * with their signatures, unexplained executable memory, services, svchost groups, where persistence entries live,
 * the SMB exposure. Collectors fill it, detectors read it.
 * <p>
 * Kept in the snapshot's extension slot. Thread-safe: collectors may run in parallel.
 */
public final class WindowsFacts {
    private final Map<Integer, WinProcessFacts> processes = new ConcurrentHashMap<>();
    private final Map<Integer, List<ModuleInfo>> modules = new ConcurrentHashMap<>();
    private final List<ExecRegion> regions = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ServiceInfo> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<String>> svchostGroups = new ConcurrentHashMap<>();
    private final Map<PersistenceEntry, PersistenceSource> persistence = new ConcurrentHashMap<>();
    private final Map<String, FileFacts> files = new ConcurrentHashMap<>();
    private volatile String systemRoot = "C:\\Windows";
    private volatile OsVersion os;
    private volatile SmbState smb;

    /** The facts of this snapshot, created on first use. */
    public static WindowsFacts of(Snapshot snapshot) {
        return snapshot.extension(WindowsFacts.class, WindowsFacts::new);
    }

    /** The facts of this snapshot, empty when no Windows collector ran (a Linux scan). */
    public static Optional<WindowsFacts> find(Snapshot snapshot) {
        return snapshot.extension(WindowsFacts.class);
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    public String systemRoot() {
        return systemRoot;
    }

    public void systemRoot(String value) {
        this.systemRoot = value;
    }

    public Optional<OsVersion> os() {
        return Optional.ofNullable(os);
    }

    public void os(OsVersion value) {
        this.os = value;
    }

    public void addProcess(WinProcessFacts facts) {
        processes.put(facts.pid(), facts);
    }

    public Optional<WinProcessFacts> process(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    public void putModules(int pid, List<ModuleInfo> list) {
        modules.put(pid, List.copyOf(list));
    }

    /** Modules of a process; empty when they were not (or could not be) listed. */
    public List<ModuleInfo> modules(int pid) {
        return modules.getOrDefault(pid, List.of());
    }

    public boolean modulesListed(int pid) {
        return modules.containsKey(pid);
    }

    public Map<Integer, List<ModuleInfo>> allModules() {
        return Map.copyOf(modules);
    }

    public void addRegions(List<ExecRegion> values) {
        regions.addAll(values);
    }

    public List<ExecRegion> regions() {
        synchronized (regions) {
            return List.copyOf(regions);
        }
    }

    public void addService(ServiceInfo service) {
        services.put(key(service.name()), service);
    }

    public List<ServiceInfo> services() {
        synchronized (services) {
            return List.copyOf(services.values());
        }
    }

    public Optional<ServiceInfo> service(String name) {
        return Optional.ofNullable(services.get(key(name)));
    }

    /** Svchost group (lower case) to the services it lists (HKLM\...\Windows NT\CurrentVersion\Svchost). */
    public void putSvchostGroup(String group, List<String> members) {
        svchostGroups.put(key(group), List.copyOf(members));
    }

    public Optional<List<String>> svchostGroup(String group) {
        return Optional.ofNullable(svchostGroups.get(key(group)));
    }

    public boolean svchostGroupsKnown() {
        return !svchostGroups.isEmpty();
    }

    public void addPersistenceSource(PersistenceSource source) {
        persistence.put(source.entry(), source);
    }

    public Optional<PersistenceSource> persistenceSource(PersistenceEntry entry) {
        return Optional.ofNullable(persistence.get(entry));
    }

    /** Facts about a file, computed once per path (case-insensitive) for the whole scan. */
    public FileFacts file(String path, Function<String, FileFacts> compute) {
        return files.computeIfAbsent(key(path), k -> compute.apply(path));
    }

    public Optional<FileFacts> knownFile(String path) {
        return Optional.ofNullable(files.get(key(path)));
    }

    public List<FileFacts> files() {
        return List.copyOf(files.values());
    }

    public Optional<SmbState> smb() {
        return Optional.ofNullable(smb);
    }

    public void smb(SmbState value) {
        this.smb = value;
    }
}
