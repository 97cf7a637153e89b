package dev.ferret.collect.windows;

import dev.ferret.memory.windows.WindowsMemorySource;

/**
 * Every source the Windows collectors read, in one place: {@link LiveWindowsSources} fills them through JNA, a
 * {@link WindowsRecording} replays a recorded host, and {@link RecordingWindowsSources} records a live one. The
 * environment (rebuilt from the registry) is computed once and shared.
 */
public final class WindowsSources {
    private final ProcessSource processes;
    private final ModuleSource modules;
    private final FileSource files;
    private final WindowsMemorySource memory;
    private final SocketSource sockets;
    private final RegistrySource registry;
    private final ServiceStatusSource services;
    private final WmiSource wmi;
    private final DiskSource disk;
    private final SmbProbe smbProbe;
    private volatile WindowsEnvironment environment;

    public WindowsSources(ProcessSource processes, ModuleSource modules, FileSource files, WindowsMemorySource memory,
                          SocketSource sockets, RegistrySource registry, ServiceStatusSource services, WmiSource wmi,
                          DiskSource disk, SmbProbe smbProbe) {
        this.processes = processes;
        this.modules = modules;
        this.files = files;
        this.memory = memory;
        this.sockets = sockets;
        this.registry = registry;
        this.services = services;
        this.wmi = wmi;
        this.disk = disk;
        this.smbProbe = smbProbe;
    }

    /** One object implementing every source interface (live JNA, a replayed recording...). */
    public static <T extends ProcessSource & ModuleSource & FileSource & WindowsMemorySource & SocketSource
            & RegistrySource & ServiceStatusSource & WmiSource & DiskSource & SmbProbe> WindowsSources of(T all) {
        return new WindowsSources(all, all, all, all, all, all, all, all, all, all);
    }

    /** The running Windows host, through JNA. */
    public static WindowsSources live() {
        return of(new LiveWindowsSources());
    }

    public ProcessSource processes() {
        return processes;
    }

    public ModuleSource modules() {
        return modules;
    }

    public FileSource files() {
        return files;
    }

    public WindowsMemorySource memory() {
        return memory;
    }

    public SocketSource sockets() {
        return sockets;
    }

    public RegistrySource registry() {
        return registry;
    }

    public ServiceStatusSource services() {
        return services;
    }

    public WmiSource wmi() {
        return wmi;
    }

    public DiskSource disk() {
        return disk;
    }

    public SmbProbe smbProbe() {
        return smbProbe;
    }

    public WindowsEnvironment environment() {
        WindowsEnvironment e = environment;
        if (e == null) {
            synchronized (this) {
                e = environment;
                if (e == null) {
                    e = WindowsEnvironment.read(registry);
                    environment = e;
                }
            }
        }
        return e;
    }
}
