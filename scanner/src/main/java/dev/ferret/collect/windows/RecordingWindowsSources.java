package dev.ferret.collect.windows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.memory.windows.WindowsMemorySource;
import dev.ferret.model.windows.ProbeResult;
import dev.ferret.os.windows.FileVersionInfo;
import dev.ferret.os.windows.MemoryConstants;
import dev.ferret.os.windows.ModuleEntry;
import dev.ferret.os.windows.NetTableParser;
import dev.ferret.os.windows.ProcessDetail;
import dev.ferret.os.windows.ProcessEntry;
import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.ServiceStatus;
import dev.ferret.os.windows.SignatureResult;
import dev.ferret.os.windows.SocketRow;
import dev.ferret.os.windows.WindowsException;
import dev.ferret.os.windows.WmiSubscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Records what the sources answer while a scan runs, in {@link WindowsRecording}'s format: run ferret on a real
 * Windows host with these sources, and the recording replays the same scan anywhere (the way to turn a real
 * incident, or a real clean host, into a test fixture). Memory bytes are recorded only where a collector read them
 * (allocation headers), and files under the directories the collectors listed are embedded up to a size limit.
 * Nothing is written until {@link #save}, and only where the caller says.
 */
public final class RecordingWindowsSources implements ProcessSource, ModuleSource, FileSource, WindowsMemorySource,
        SocketSource, RegistrySource, ServiceStatusSource, WmiSource, DiskSource, SmbProbe {
    private static final int MAX_EMBEDDED_FILE = 1 << 20;

    private final WindowsSources delegate;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode root = mapper.createObjectNode();
    private final Set<String> directories = new LinkedHashSet<>();

    public RecordingWindowsSources(WindowsSources delegate) {
        this.delegate = delegate;
        root.put("format", WindowsRecording.FORMAT);
        root.put("recorded", Instant.now().toString());
    }

    /** The sources to scan with: every call goes to the delegate and is recorded. */
    public WindowsSources sources() {
        return WindowsSources.of(this);
    }

    public synchronized void save(OutputStream out) throws IOException {
        root.put("systemRoot", delegate.environment().systemRoot());
        root.put("self", delegate.processes().selfPid());
        ObjectNode disk = root.putObject("disk");
        for (String dir : directories) {
            Path local = delegate.disk().path(dir);
            if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(local, 12)) {
                for (Path p : walk.filter(x -> Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (Files.size(p) > MAX_EMBEDDED_FILE) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                        bytes = in.readNBytes(MAX_EMBEDDED_FILE);
                    }
                    ObjectNode f = disk.putObject(dir + "\\" + local.relativize(p).toString().replace('/', '\\'));
                    f.put("base64", Base64.getEncoder().encodeToString(bytes));
                    f.put("mtime", Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().toString());
                }
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(out, root);
    }

    private synchronized ObjectNode section(String name) {
        return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
    }

    private synchronized ArrayNode list(String name) {
        return root.has(name) ? (ArrayNode) root.get(name) : root.putArray(name);
    }

    private synchronized void error(String section, String key, WindowsException e) {
        section(section).putObject(key).put("error", e.code());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Override
    public List<ProcessEntry> processes() throws WindowsException {
        List<ProcessEntry> entries = delegate.processes().processes();
        synchronized (this) {
            ArrayNode a = list("processes");
            a.removeAll();
            for (ProcessEntry e : entries) {
                a.addObject().put("pid", e.pid()).put("ppid", e.parentPid()).put("name", e.exeName())
                        .put("threads", e.threads());
            }
        }
        return entries;
    }

    @Override
    public ProcessDetail detail(int pid) throws WindowsException {
        try {
            ProcessDetail d = delegate.processes().detail(pid);
            synchronized (this) {
                ObjectNode n = section("details").putObject(Integer.toString(pid));
                n.put("imagePath", d.imagePath()).put("commandLine", d.commandLine())
                        .put("created", d.created() == null ? null : d.created().toString()).put("cpu100ns", d.cpu100ns())
                        .put("sessionId", d.sessionId()).put("userSid", d.userSid()).put("account", d.account())
                        .put("integrityRid", d.integrityRid()).put("wow64", d.wow64()).put("limited", d.limited())
                        .put("workingSetKb", d.workingSetKb());
            }
            return d;
        } catch (WindowsException e) {
            error("details", Integer.toString(pid), e);
            throw e;
        }
    }

    @Override
    public long cpuTime(int pid) throws WindowsException {
        long t = delegate.processes().cpuTime(pid);
        synchronized (this) {
            ObjectNode cpu = section("cpu");
            (cpu.has(Integer.toString(pid)) ? (ArrayNode) cpu.get(Integer.toString(pid))
                    : cpu.putArray(Integer.toString(pid))).add(t);
        }
        return t;
    }

    @Override
    public int selfPid() {
        return delegate.processes().selfPid();
    }

    @Override
    public long nanoTime() {
        return delegate.processes().nanoTime();
    }

    @Override
    public void await(java.time.Duration window) {
        long start = delegate.processes().nanoTime();
        delegate.processes().await(window);
        synchronized (this) {
            root.put("cpuWindowMillis", (delegate.processes().nanoTime() - start) / 1_000_000L);
        }
    }

    @Override
    public List<ModuleEntry> modules(int pid) throws WindowsException {
        try {
            List<ModuleEntry> list = delegate.modules().modules(pid);
            synchronized (this) {
                ArrayNode a = section("modules").putArray(Integer.toString(pid));
                for (ModuleEntry m : list) {
                    a.addObject().put("base", hex(m.base())).put("size", m.size()).put("path", m.path())
                            .put("mapped", m.mappedPath());
                }
            }
            return list;
        } catch (WindowsException e) {
            error("modules", Integer.toString(pid), e);
            throw e;
        }
    }

    private synchronized ObjectNode file(String path) {
        ObjectNode files = section("files");
        return files.has(path) ? (ObjectNode) files.get(path) : files.putObject(path);
    }

    @Override
    public SignatureResult signature(String path) throws WindowsException {
        SignatureResult r = delegate.files().signature(path);
        synchronized (this) {
            file(path).putObject("signature").put("status", r.status().name()).put("signer", r.signer())
                    .put("catalog", r.catalog()).put("code", r.code());
        }
        return r;
    }

    @Override
    public Optional<FileVersionInfo> version(String path) throws WindowsException {
        Optional<FileVersionInfo> v = delegate.files().version(path);
        synchronized (this) {
            if (v.isPresent()) {
                FileVersionInfo i = v.get();
                file(path).putObject("version").put("fileVersion", i.fileVersion())
                        .put("productVersion", i.productVersion()).put("company", i.companyName())
                        .put("product", i.productName()).put("originalFilename", i.originalFilename())
                        .put("description", i.description());
            } else {
                file(path).putNull("version");
            }
        }
        return v;
    }

    @Override
    public boolean readable(String path) {
        boolean r = delegate.files().readable(path);
        synchronized (this) {
            file(path).put("readable", r);
        }
        return r;
    }

    @Override
    public List<RegionEntry> regions(int pid) throws WindowsException {
        try {
            List<RegionEntry> list = delegate.memory().regions(pid);
            synchronized (this) {
                ArrayNode a = section("regions").putArray(Integer.toString(pid));
                for (RegionEntry r : list) {
                    a.addObject().put("base", hex(r.base())).put("allocationBase", hex(r.allocationBase()))
                            .put("allocationProtect", MemoryConstants.protectName(r.allocationProtect()))
                            .put("size", hex(r.size())).put("state", MemoryConstants.stateName(r.state()))
                            .put("protect", MemoryConstants.protectName(r.protect()))
                            .put("type", MemoryConstants.typeName(r.type())).put("mapped", r.mappedPath());
                }
            }
            return list;
        } catch (WindowsException e) {
            error("regions", Integer.toString(pid), e);
            throw e;
        }
    }

    @Override
    public int read(int pid, long address, ByteBuffer into) throws WindowsException {
        int start = into.position();
        int n = delegate.memory().read(pid, address, into);
        if (n > 0 && n <= 64 * 1024) {
            byte[] bytes = new byte[n];
            into.duplicate().position(start).get(bytes);
            synchronized (this) {
                ObjectNode memory = section("memory");
                ArrayNode runs = memory.has(Integer.toString(pid)) ? (ArrayNode) memory.get(Integer.toString(pid))
                        : memory.putArray(Integer.toString(pid));
                runs.addObject().put("address", hex(address)).put("base64", Base64.getEncoder().encodeToString(bytes));
            }
        }
        return n;
    }

    @Override
    public long[] workingSet(int pid, long address, int pages) throws WindowsException {
        return delegate.memory().workingSet(pid, address, pages);
    }

    private ArrayNode sockets(String name, List<SocketRow> rows) {
        ArrayNode a = list(name);
        for (SocketRow r : rows) {
            ObjectNode n = a.addObject().put("local", endpoint(r.localAddress(), r.localPort())).put("pid", r.pid());
            if (r.protocol().equals("tcp")) {
                n.put("remote", endpoint(r.remoteAddress(), r.remotePort())).put("state",
                        NetTableParser.tcpStateName(r.state()));
            }
        }
        return a;
    }

    private static String endpoint(String ip, int port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    @Override
    public List<SocketRow> tcp() throws WindowsException {
        List<SocketRow> rows = delegate.sockets().tcp();
        synchronized (this) {
            sockets("tcp", rows);
        }
        return rows;
    }

    @Override
    public List<SocketRow> udp() throws WindowsException {
        List<SocketRow> rows = delegate.sockets().udp();
        synchronized (this) {
            sockets("udp", rows);
        }
        return rows;
    }

    private synchronized ObjectNode key(String key) {
        ObjectNode registry = section("registry");
        return registry.has(key) ? (ObjectNode) registry.get(key) : registry.putObject(key);
    }

    @Override
    public List<String> subKeys(String key) throws WindowsException {
        List<String> children = delegate.registry().subKeys(key);
        synchronized (this) {
            for (String c : children) {
                key(key + "\\" + c); // replay derives sub keys from recorded keys
            }
        }
        return children;
    }

    @Override
    public Map<String, RegistryValue> values(String key) throws WindowsException {
        Map<String, RegistryValue> values = delegate.registry().values(key);
        synchronized (this) {
            ObjectNode v = key(key).putObject("values");
            for (RegistryValue r : values.values()) {
                ObjectNode n = v.putObject(r.name());
                switch (r.type()) {
                    case RegistryValue.REG_SZ -> n.put("type", "REG_SZ").put("data", r.text());
                    case RegistryValue.REG_EXPAND_SZ -> n.put("type", "REG_EXPAND_SZ").put("data", r.text());
                    case RegistryValue.REG_DWORD, RegistryValue.REG_DWORD_BIG_ENDIAN ->
                            n.put("type", "REG_DWORD").put("data", r.number());
                    case RegistryValue.REG_QWORD -> n.put("type", "REG_QWORD").put("data", r.number());
                    case RegistryValue.REG_MULTI_SZ -> {
                        ArrayNode a = n.put("type", "REG_MULTI_SZ").putArray("data");
                        r.lines().forEach(a::add);
                    }
                    default -> n.put("type", "REG_BINARY").put("data", r.data() instanceof byte[] b
                            ? Base64.getEncoder().encodeToString(b) : "");
                }
            }
        }
        return values;
    }

    @Override
    public Optional<Instant> lastWrite(String key) throws WindowsException {
        Optional<Instant> t = delegate.registry().lastWrite(key);
        t.ifPresent(i -> {
            synchronized (this) {
                key(key).put("lastWrite", i.toString());
            }
        });
        return t;
    }

    @Override
    public List<ServiceStatus> statuses() throws WindowsException {
        List<ServiceStatus> list = delegate.services().statuses();
        synchronized (this) {
            ArrayNode a = list("services");
            for (ServiceStatus s : list) {
                a.addObject().put("name", s.name()).put("displayName", s.displayName()).put("type", s.type())
                        .put("state", s.state()).put("pid", s.pid());
            }
        }
        return list;
    }

    @Override
    public List<WmiSubscription> subscriptions() throws WindowsException {
        List<WmiSubscription> list = delegate.wmi().subscriptions();
        synchronized (this) {
            ArrayNode a = list("wmi");
            list.forEach(s -> a.addObject().put("wmiClass", s.wmiClass()).put("name", s.name()).put("text", s.text()));
        }
        return list;
    }

    @Override
    public synchronized Path path(String windowsPath) {
        directories.add(windowsPath);
        return delegate.disk().path(windowsPath);
    }

    @Override
    public ProbeResult probe() {
        ProbeResult r = delegate.smbProbe().probe();
        synchronized (this) {
            root.putObject("smbProbe").put("state", r.state().name()).put("detail", r.detail()).put("arch", r.arch());
        }
        return r;
    }
}
