package dev.ferret.collect.windows;

import dev.ferret.memory.windows.WindowsMemorySource;
import dev.ferret.model.windows.ProbeResult;
import dev.ferret.os.windows.Authenticode;
import dev.ferret.os.windows.DosDevices;
import dev.ferret.os.windows.FileVersionInfo;
import dev.ferret.os.windows.FileVersions;
import dev.ferret.os.windows.ModuleEntry;
import dev.ferret.os.windows.NetTables;
import dev.ferret.os.windows.ProcessDetail;
import dev.ferret.os.windows.Privileges;
import dev.ferret.os.windows.ProcessEntry;
import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.Registry;
import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.ServiceManager;
import dev.ferret.os.windows.ServiceStatus;
import dev.ferret.os.windows.SignatureResult;
import dev.ferret.os.windows.SocketRow;
import dev.ferret.os.windows.Toolhelp;
import dev.ferret.os.windows.WinProcess;
import dev.ferret.os.windows.WindowsException;
import dev.ferret.os.windows.WmiSubscription;
import dev.ferret.os.windows.WmiSubscriptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running Windows host through the JNA wrappers of {@code dev.ferret.os.windows}: the thin side of every Windows
 * collector. No logic here beyond opening and closing handles; everything it returns is plain data.
 * <p>
 * Never run on Windows in this project's build (see the Windows notes in the report): every method here is the
 * path a real host has to prove.
 */
public final class LiveWindowsSources implements ProcessSource, ModuleSource, FileSource, WindowsMemorySource,
        SocketSource, RegistrySource, ServiceStatusSource, WmiSource, DiskSource, SmbProbe {
    private volatile Map<String, String> devices;
    private final String privilege;

    /** Enables SeDebugPrivilege for the scan (an elevated administrator holds it disabled). */
    public LiveWindowsSources() {
        String state;
        try {
            state = Privileges.enableDebug() ? null
                    : "SeDebugPrivilege not held (ferret is not elevated): processes of other accounts and services "
                    + "answer with limited information only";
        } catch (WindowsException e) {
            state = "SeDebugPrivilege could not be enabled: " + e.getMessage();
        }
        this.privilege = state;
    }

    /** Why the scan runs with less than full process access, or empty. */
    public java.util.Optional<String> privilegeProblem() {
        return java.util.Optional.ofNullable(privilege);
    }

    private Map<String, String> devices() {
        Map<String, String> d = devices;
        if (d == null) {
            try {
                d = DosDevices.map();
            } catch (WindowsException e) {
                d = Map.of();
            }
            devices = d;
        }
        return d;
    }

    private static String root() {
        return DosDevices.systemRoot();
    }

    @Override
    public List<ProcessEntry> processes() throws WindowsException {
        return Toolhelp.processes();
    }

    @Override
    public ProcessDetail detail(int pid) throws WindowsException {
        try (WinProcess p = WinProcess.open(pid)) {
            return p.detail();
        }
    }

    @Override
    public long cpuTime(int pid) throws WindowsException {
        return WinProcess.cpuTime(pid);
    }

    @Override
    public int selfPid() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public List<ModuleEntry> modules(int pid) throws WindowsException {
        try (WinProcess p = WinProcess.open(pid)) {
            return p.modules(devices(), root());
        }
    }

    @Override
    public SignatureResult signature(String path) throws WindowsException {
        return Authenticode.verify(path);
    }

    @Override
    public Optional<FileVersionInfo> version(String path) throws WindowsException {
        return FileVersions.read(path);
    }

    @Override
    public boolean readable(String path) {
        try (SeekableByteChannel c = Files.newByteChannel(Path.of(path), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            return c.size() >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<RegionEntry> regions(int pid) throws WindowsException {
        try (WinProcess p = WinProcess.open(pid)) {
            return p.regions(devices(), root());
        }
    }

    @Override
    public int read(int pid, long address, ByteBuffer into) throws WindowsException {
        try (WinProcess p = WinProcess.open(pid)) {
            return p.read(address, into);
        }
    }

    @Override
    public long[] workingSet(int pid, long address, int pages) throws WindowsException {
        try (WinProcess p = WinProcess.open(pid)) {
            return p.workingSet(address, pages);
        }
    }

    @Override
    public List<SocketRow> tcp() throws WindowsException {
        return NetTables.tcp();
    }

    @Override
    public List<SocketRow> udp() throws WindowsException {
        return NetTables.udp();
    }

    @Override
    public List<String> subKeys(String key) throws WindowsException {
        return Registry.subKeys(key);
    }

    @Override
    public Map<String, RegistryValue> values(String key) throws WindowsException {
        return Registry.values(key);
    }

    @Override
    public Optional<Instant> lastWrite(String key) throws WindowsException {
        return Registry.lastWrite(key);
    }

    @Override
    public List<ServiceStatus> statuses() throws WindowsException {
        return ServiceManager.statuses();
    }

    @Override
    public List<WmiSubscription> subscriptions() throws WindowsException {
        return WmiSubscriptions.list();
    }

    @Override
    public Path path(String windowsPath) {
        return Path.of(windowsPath);
    }

    @Override
    public ProbeResult probe() {
        return DoublePulsarProbe.local().probe();
    }
}
