package dev.ferret.collect.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recorded Windows host, replayed behind the same source interfaces the JNA calls fill: what each API answered
 * (or the Win32 error it failed with), as JSON. {@link RecordingWindowsSources} writes this format from a live host;
 * tests write it by hand to reproduce incidents. Format "ferret-windows-recording/1":
 * <pre>
 * self, systemRoot, cpuWindowMillis (the CPU sampling window the cpu answers span)
 * processes  [{pid, ppid, name, threads}]
 * details    {pid: {imagePath, commandLine, created, cpu100ns, sessionId, userSid, account, integrityRid, wow64,
 *             limited} | {error: code}}
 * cpu        {pid: [successive cpu100ns answers]}
 * modules    {pid: [{base, size, path, mapped}] | {error}}
 * regions    {pid: [{base, allocationBase, allocationProtect, size, state, protect, type, mapped}] | {error}}
 * memory     {pid: [{address, base64 | hex | text}]}          bytes ReadProcessMemory can return
 * workingSet {pid: [{address, pages, attributes}] | {error}}  default: resident, shared for image/mapped
 * files      {path: {readable, signature: {status, signer, catalog, code}, version: {...}}}
 * fileDefaults [{prefix, signature, version}]                 files under a prefix not listed in "files"
 * tcp, udp   [{local: "ip:port", remote, state, pid}]
 * registry   {key: {lastWrite, values: {name: "text" | number | ["multi"] | {type, data}}}}
 * services   [{name, displayName, type, state, pid}]
 * wmi        [{wmiClass, name, text}],  smbProbe {state, detail, arch}
 * disk       {windowsPath: {text | utf16 | base64, mtime}}    written under a directory when loaded
 * </pre>
 * Numbers may be JSON numbers or "0x..." strings. A recording is read-only once loaded and thread-safe.
 */
public final class WindowsRecording implements ProcessSource, ModuleSource, FileSource, WindowsMemorySource,
        SocketSource, RegistrySource, ServiceStatusSource, WmiSource, DiskSource, SmbProbe {
    public static final String FORMAT = "ferret-windows-recording/1";
    private static final long SHARED = 1L << 15;

    private final JsonNode root;
    private final Path disk;
    private final TreeMap<String, JsonNode> registry = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final TreeMap<String, JsonNode> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<Integer, AtomicInteger> cpuCalls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();

    private WindowsRecording(JsonNode root, Path disk) {
        this.root = root;
        this.disk = disk;
        root.path("registry").properties().forEach(e -> registry.put(e.getKey(), e.getValue()));
        root.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue()));
    }

    /**
     * @param diskDir where the recorded files (task store, startup folders) are written, as {@code <dir>/C/...}
     */
    public static WindowsRecording load(InputStream json, Path diskDir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " recording");
        }
        for (Map.Entry<String, JsonNode> e : root.path("disk").properties()) {
            Path target = resolve(diskDir, e.getKey());
            Files.createDirectories(target.getParent());
            JsonNode f = e.getValue();
            byte[] bytes;
            if (f.has("base64")) {
                bytes = Base64.getDecoder().decode(f.get("base64").asText());
            } else if (f.has("utf16")) {
                // task XML as the scheduler writes it: UTF-16LE with a byte-order mark
                byte[] text = f.get("utf16").asText().getBytes(StandardCharsets.UTF_16LE);
                bytes = new byte[text.length + 2];
                bytes[0] = (byte) 0xFF;
                bytes[1] = (byte) 0xFE;
                System.arraycopy(text, 0, bytes, 2, text.length);
            } else {
                bytes = f.path("text").asText().getBytes(StandardCharsets.UTF_8);
            }
            Files.write(target, bytes);
            if (f.has("mtime")) {
                Files.setLastModifiedTime(target, FileTime.from(Instant.parse(f.get("mtime").asText())));
            }
        }
        return new WindowsRecording(root, diskDir);
    }

    private static Path resolve(Path dir, String windowsPath) {
        String p = windowsPath.replace('\\', '/');
        if (p.length() >= 2 && p.charAt(1) == ':') {
            p = p.charAt(0) + p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        Path resolved = dir.resolve(p).normalize();
        if (!resolved.startsWith(dir)) {
            throw new IllegalArgumentException("recorded path escapes the disk directory: " + windowsPath);
        }
        return resolved;
    }

    public String systemRoot() {
        return root.path("systemRoot").asText("C:\\Windows");
    }

    static long number(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        String s = n.asText().strip();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void failIfError(JsonNode n, String what) throws WindowsException {
        if (n == null || n.isMissingNode()) {
            throw new WindowsException(what + " (not recorded)", WindowsException.ERROR_INVALID_PARAMETER);
        }
        if (n.isObject() && n.has("error")) {
            throw new WindowsException(what, (int) number(n.get("error")));
        }
    }

    private JsonNode perPid(String section, int pid) {
        return root.path(section).get(Integer.toString(pid));
    }

    @Override
    public List<ProcessEntry> processes() {
        List<ProcessEntry> out = new ArrayList<>();
        for (JsonNode p : root.path("processes")) {
            out.add(new ProcessEntry((int) number(p.get("pid")), (int) number(p.get("ppid")), text(p, "name"),
                    (int) number(p.get("threads"))));
        }
        return out;
    }

    @Override
    public ProcessDetail detail(int pid) throws WindowsException {
        JsonNode d = perPid("details", pid);
        failIfError(d, "OpenProcess " + pid);
        return new ProcessDetail(text(d, "imagePath"), text(d, "commandLine"),
                d.has("created") ? Instant.parse(d.get("created").asText()) : null, number(d.get("cpu100ns")),
                d.has("sessionId") ? (int) number(d.get("sessionId")) : -1, text(d, "userSid"), text(d, "account"),
                d.has("integrityRid") ? (int) number(d.get("integrityRid")) : -1, d.path("wow64").asBoolean(false),
                d.path("limited").asBoolean(false), d.path("workingSetKb").asLong(-1));
    }

    @Override
    public long cpuTime(int pid) throws WindowsException {
        JsonNode answers = perPid("cpu", pid);
        if (answers != null && answers.isArray() && answers.size() > 0) {
            int call = cpuCalls.computeIfAbsent(pid, k -> new AtomicInteger()).getAndIncrement();
            return number(answers.get(Math.min(call, answers.size() - 1)));
        }
        return detail(pid).cpu100ns();
    }

    /** The recording's clock: it moves only by the recorded CPU window ("cpuWindowMillis", 1000 by default). */
    @Override
    public long nanoTime() {
        return clock.get();
    }

    @Override
    public void await(java.time.Duration window) {
        clock.addAndGet(root.path("cpuWindowMillis").asLong(1000) * 1_000_000L);
    }

    @Override
    public int selfPid() {
        return (int) number(root.get("self"));
    }

    @Override
    public List<ModuleEntry> modules(int pid) throws WindowsException {
        JsonNode list = perPid("modules", pid);
        if (list == null) {
            return List.of(); // not recorded: a process without modules (hand-written recordings)
        }
        failIfError(list, "EnumProcessModulesEx " + pid);
        List<ModuleEntry> out = new ArrayList<>();
        for (JsonNode m : list) {
            out.add(new ModuleEntry(number(m.get("base")), number(m.get("size")), text(m, "path"), text(m, "mapped")));
        }
        return out;
    }

    private Optional<JsonNode> file(String path) {
        JsonNode f = files.get(path);
        if (f != null) {
            return Optional.of(f);
        }
        JsonNode best = null;
        int bestLength = -1;
        for (JsonNode d : root.path("fileDefaults")) {
            String prefix = d.path("prefix").asText();
            if (path.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)) && prefix.length() > bestLength) {
                best = d;
                bestLength = prefix.length();
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public SignatureResult signature(String path) throws WindowsException {
        JsonNode s = file(path).map(f -> f.get("signature")).orElse(null);
        if (s == null) {
            throw new WindowsException("WinVerifyTrust " + path + " (not recorded)", WindowsException.ERROR_FILE_NOT_FOUND);
        }
        return new SignatureResult(SignatureResult.Status.valueOf(s.path("status").asText()), text(s, "signer"),
                text(s, "catalog"), (int) number(s.get("code")));
    }

    @Override
    public Optional<FileVersionInfo> version(String path) {
        JsonNode v = file(path).map(f -> f.get("version")).orElse(null);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new FileVersionInfo(text(v, "fileVersion"), text(v, "productVersion"), text(v, "company"),
                text(v, "product"), text(v, "originalFilename"), text(v, "description")));
    }

    @Override
    public boolean readable(String path) {
        return file(path).map(f -> f.path("readable").asBoolean(true)).orElse(false);
    }

    @Override
    public List<RegionEntry> regions(int pid) throws WindowsException {
        JsonNode list = perPid("regions", pid);
        if (list == null) {
            return List.of(); // not recorded: no regions worth a look (hand-written recordings)
        }
        failIfError(list, "VirtualQueryEx " + pid);
        List<RegionEntry> out = new ArrayList<>();
        for (JsonNode r : list) {
            long base = number(r.get("base"));
            out.add(new RegionEntry(base, r.has("allocationBase") ? number(r.get("allocationBase")) : base,
                    MemoryConstants.protectOf(r.path("allocationProtect").asText(r.path("protect").asText("PAGE_NOACCESS"))),
                    number(r.get("size")), MemoryConstants.stateOf(r.path("state").asText("COMMIT")),
                    MemoryConstants.protectOf(r.path("protect").asText("PAGE_NOACCESS")),
                    MemoryConstants.typeOf(r.path("type").asText("PRIVATE")), text(r, "mapped")));
        }
        return out;
    }

    private static byte[] bytes(JsonNode run) {
        if (run.has("base64")) {
            return Base64.getDecoder().decode(run.get("base64").asText());
        }
        if (run.has("hex")) {
            return java.util.HexFormat.of().parseHex(run.get("hex").asText().replaceAll("\\s", ""));
        }
        return run.path("text").asText().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public int read(int pid, long address, ByteBuffer into) throws WindowsException {
        JsonNode runs = perPid("memory", pid);
        if (runs != null) {
            for (JsonNode run : runs) {
                long start = number(run.get("address"));
                byte[] b = bytes(run);
                if (address >= start && address < start + b.length) {
                    int n = (int) Math.min(into.remaining(), start + b.length - address);
                    into.put(b, (int) (address - start), n);
                    return n;
                }
            }
        }
        throw new WindowsException(String.format("ReadProcessMemory %d at 0x%x (not recorded)", pid, address),
                WindowsException.ERROR_PARTIAL_COPY);
    }

    @Override
    public long[] workingSet(int pid, long address, int pages) throws WindowsException {
        List<RegionEntry> regions = regions(pid);
        JsonNode explicit = perPid("workingSet", pid);
        if (explicit != null) {
            failIfError(explicit, "QueryWorkingSetEx " + pid);
        }
        long[] out = new long[pages];
        for (int i = 0; i < pages; i++) {
            long page = address + (long) i * MemoryConstants.PAGE_SIZE;
            long value = 0;
            for (RegionEntry r : regions) {
                if (page >= r.base() && page < r.end() && r.committed()) {
                    value = 1 | (r.type() == MemoryConstants.MEM_PRIVATE ? 0 : SHARED);
                }
            }
            if (explicit != null) {
                for (JsonNode w : explicit) {
                    long start = number(w.get("address"));
                    if (page >= start && page < start + number(w.get("pages")) * MemoryConstants.PAGE_SIZE) {
                        value = number(w.get("attributes"));
                    }
                }
            }
            out[i] = value;
        }
        return out;
    }

    private static SocketRow socket(JsonNode s, String protocol) {
        String[] local = endpoint(s.path("local").asText("0.0.0.0:0"));
        String[] remote = endpoint(s.path("remote").asText(local[0].contains(":") ? "[::]:0" : "0.0.0.0:0"));
        int state = 0;
        if (protocol.equals("tcp")) {
            String name = s.path("state").asText("ESTABLISHED");
            for (int i = 1; i <= 12; i++) {
                if (NetTableParser.tcpStateName(i).equals(name)) {
                    state = i;
                }
            }
        }
        return new SocketRow(protocol, local[0].contains(":") ? 6 : 4, local[0], Integer.parseInt(local[1]), remote[0],
                Integer.parseInt(remote[1]), state, (int) number(s.get("pid")));
    }

    private static String[] endpoint(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return new String[] {text.substring(1, close), text.substring(close + 2)};
        }
        int colon = text.lastIndexOf(':');
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    @Override
    public List<SocketRow> tcp() throws WindowsException {
        if (root.path("tcp").isObject()) {
            failIfError(root.get("tcp"), "GetExtendedTcpTable");
        }
        List<SocketRow> out = new ArrayList<>();
        root.path("tcp").forEach(s -> out.add(socket(s, "tcp")));
        return out;
    }

    @Override
    public List<SocketRow> udp() {
        List<SocketRow> out = new ArrayList<>();
        root.path("udp").forEach(s -> out.add(socket(s, "udp")));
        return out;
    }

    @Override
    public List<String> subKeys(String key) {
        String prefix = key + "\\";
        Set<String> children = new LinkedHashSet<>();
        for (String k : registry.tailMap(prefix, true).keySet()) {
            if (!k.regionMatches(true, 0, prefix, 0, prefix.length())) {
                break;
            }
            String rest = k.substring(prefix.length());
            int slash = rest.indexOf('\\');
            children.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        return new ArrayList<>(children);
    }

    @Override
    public Map<String, RegistryValue> values(String key) throws WindowsException {
        JsonNode k = registry.get(key);
        if (k == null) {
            return Map.of();
        }
        failIfError(k, "RegOpenKeyEx " + key);
        Map<String, RegistryValue> out = new LinkedHashMap<>();
        k.path("values").properties().forEach(e -> out.put(e.getKey(), value(e.getKey(), e.getValue())));
        return out;
    }

    static RegistryValue value(String name, JsonNode v) {
        if (v.isTextual()) {
            return new RegistryValue(name, RegistryValue.REG_SZ, v.asText());
        }
        if (v.isNumber()) {
            return new RegistryValue(name, RegistryValue.REG_DWORD, v.asLong());
        }
        if (v.isArray()) {
            List<String> lines = new ArrayList<>();
            v.forEach(x -> lines.add(x.asText()));
            return new RegistryValue(name, RegistryValue.REG_MULTI_SZ, lines);
        }
        String type = v.path("type").asText("REG_SZ");
        JsonNode data = v.get("data");
        return switch (type) {
            case "REG_EXPAND_SZ" -> new RegistryValue(name, RegistryValue.REG_EXPAND_SZ, data.asText());
            case "REG_DWORD" -> new RegistryValue(name, RegistryValue.REG_DWORD, number(data));
            case "REG_QWORD" -> new RegistryValue(name, RegistryValue.REG_QWORD, number(data));
            case "REG_MULTI_SZ" -> value(name, data);
            case "REG_BINARY" -> new RegistryValue(name, RegistryValue.REG_BINARY,
                    Base64.getDecoder().decode(data.asText()));
            default -> new RegistryValue(name, RegistryValue.REG_SZ, data.asText());
        };
    }

    @Override
    public Optional<Instant> lastWrite(String key) {
        JsonNode k = registry.get(key);
        return k == null || !k.has("lastWrite") ? Optional.empty() : Optional.of(Instant.parse(k.get("lastWrite").asText()));
    }

    @Override
    public List<ServiceStatus> statuses() throws WindowsException {
        if (root.path("services").isObject()) {
            failIfError(root.get("services"), "EnumServicesStatusEx");
        }
        List<ServiceStatus> out = new ArrayList<>();
        for (JsonNode s : root.path("services")) {
            out.add(new ServiceStatus(text(s, "name"), text(s, "displayName"), (int) number(s.get("type")),
                    (int) number(s.get("state")), (int) number(s.get("pid"))));
        }
        return out;
    }

    @Override
    public List<WmiSubscription> subscriptions() throws WindowsException {
        if (root.path("wmi").isObject()) {
            failIfError(root.get("wmi"), "WMI root\\subscription");
        }
        List<WmiSubscription> out = new ArrayList<>();
        for (JsonNode s : root.path("wmi")) {
            out.add(new WmiSubscription(text(s, "wmiClass"), text(s, "name"), text(s, "text")));
        }
        return out;
    }

    @Override
    public Path path(String windowsPath) {
        return resolve(disk, windowsPath);
    }

    @Override
    public ProbeResult probe() {
        JsonNode p = root.get("smbProbe");
        if (p == null) {
            return new ProbeResult(ProbeResult.State.ERROR, "no probe answer recorded", null);
        }
        return new ProbeResult(ProbeResult.State.valueOf(p.path("state").asText()), text(p, "detail"), text(p, "arch"));
    }
}
