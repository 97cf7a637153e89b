package dev.ferret.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Everything the collectors saw, for the detectors to judge. Collectors fill it once; detectors only read.
 * Paths in model records are as seen on the scanned host; {@link #hostPath} maps them under --root.
 */
public final class Snapshot {
    private final Path root;
    private final boolean live;
    private final Coverage coverage;
    private HostInfo host;
    private final List<ProcessInfo> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<SocketInfo> sockets = Collections.synchronizedList(new ArrayList<>());
    private final List<PersistenceEntry> persistence = Collections.synchronizedList(new ArrayList<>());
    private final List<FileEntry> files = Collections.synchronizedList(new ArrayList<>());
    private final List<ScannedFile> scannedFiles = Collections.synchronizedList(new ArrayList<>());
    private final List<MemoryMatch> memoryMatches = Collections.synchronizedList(new ArrayList<>());
    private ProcessViews views = ProcessViews.empty();
    private CpuAccounting cpu;
    private ProcessInfo scanner;
    private final java.util.Map<Class<?>, Object> extensions = new java.util.concurrent.ConcurrentHashMap<>();

    public Snapshot(Path root, boolean live, Coverage coverage) {
        this.root = root;
        this.live = live;
        this.coverage = coverage;
    }

    /** The filesystem root being examined: "/" live, the mounted image with --root. */
    public Path root() {
        return root;
    }

    /** True for a scan of the running host (processes and sockets are available). */
    public boolean live() {
        return live;
    }

    public Coverage coverage() {
        return coverage;
    }

    /** Maps an absolute path on the scanned host to where it is readable now. */
    public Path hostPath(String absolute) {
        String relative = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        return PathBytes.resolve(root, relative);
    }

    /**
     * Facts of an area the core model does not know (login records, Windows modules...), one object per type,
     * created on first use. Keeps area-specific collectors and detectors out of this class.
     */
    public <T> T extension(Class<T> type, java.util.function.Supplier<T> create) {
        return type.cast(extensions.computeIfAbsent(type, t -> create.get()));
    }

    /** An extension some collector created, if any. */
    public <T> java.util.Optional<T> extension(Class<T> type) {
        return java.util.Optional.ofNullable(type.cast(extensions.get(type)));
    }

    /** The inverse of {@link #hostPath}: where a file readable now lives on the scanned host. */
    public String hostPathOf(Path readable) {
        Path base = root.toAbsolutePath().normalize();
        Path path = readable.toAbsolutePath().normalize();
        if (live && base.getParent() == null) {
            return PathBytes.text(path); // the live host itself: on Windows the path keeps its drive (C:\ is not /)
        }
        Path relative = base.relativize(path);
        return "/" + PathBytes.text(relative);
    }

    public HostInfo host() {
        return host;
    }

    public void host(HostInfo value) {
        this.host = value;
    }

    public List<ProcessInfo> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    public Optional<ProcessInfo> process(int pid) {
        synchronized (processes) {
            return processes.stream().filter(p -> p.pid() == pid).findFirst();
        }
    }

    public void addProcesses(List<ProcessInfo> values) {
        processes.addAll(values);
    }

    public List<SocketInfo> sockets() {
        synchronized (sockets) {
            return List.copyOf(sockets);
        }
    }

    public void addSockets(List<SocketInfo> values) {
        sockets.addAll(values);
    }

    public List<PersistenceEntry> persistence() {
        synchronized (persistence) {
            return List.copyOf(persistence);
        }
    }

    public void addPersistence(List<PersistenceEntry> values) {
        persistence.addAll(values);
    }

    /** Files the location sweep found in system, temp and hidden places. */
    public List<FileEntry> files() {
        synchronized (files) {
            return List.copyOf(files);
        }
    }

    public void addFiles(List<FileEntry> values) {
        files.addAll(values);
    }

    /** Files the signature sweep read, with hashes and YARA matches. */
    public List<ScannedFile> scannedFiles() {
        synchronized (scannedFiles) {
            return List.copyOf(scannedFiles);
        }
    }

    public void addScannedFiles(List<ScannedFile> values) {
        scannedFiles.addAll(values);
    }

    /** YARA matches in process memory. */
    public List<MemoryMatch> memoryMatches() {
        synchronized (memoryMatches) {
            return List.copyOf(memoryMatches);
        }
    }

    public void addMemoryMatches(List<MemoryMatch> values) {
        memoryMatches.addAll(values);
    }

    public ProcessViews views() {
        return views;
    }

    public void views(ProcessViews value) {
        this.views = value;
    }

    public Optional<CpuAccounting> cpu() {
        return Optional.ofNullable(cpu);
    }

    public void cpu(CpuAccounting value) {
        this.cpu = value;
    }

    /** The scanner's own process (for foreign libraries mapped into it); empty offline. */
    public Optional<ProcessInfo> scanner() {
        return Optional.ofNullable(scanner);
    }

    public void scanner(ProcessInfo value) {
        this.scanner = value;
    }
}
