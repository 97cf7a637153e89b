package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.ServiceStatus;
import dev.ferret.os.windows.WindowsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Services and drivers from the registry (ImagePath, Parameters\ServiceDll, start type, account), joined to their
 * state and hosting pid in the service control manager, with the Authenticode state of every binary and service DLL;
 * and the svchost groups (which services each {@code svchost -k <group>} hosts). Each service is also a persistence
 * entry (T1543.003).
 */
public final class WindowsServiceCollector extends WindowsCollector {
    static final String AREA = "persistence";
    public static final String SERVICES = "HKLM\\SYSTEM\\CurrentControlSet\\Services";
    public static final String SVCHOST = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Svchost";
    public static final String KIND = "service";

    public WindowsServiceCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        String root = env.systemRoot();
        facts.systemRoot(root);
        RegistrySource registry = sources.registry();

        Map<String, ServiceStatus> status = new HashMap<>();
        try {
            for (ServiceStatus s : sources.services().statuses()) {
                status.put(s.name().toLowerCase(Locale.ROOT), s);
            }
        } catch (WindowsException e) {
            coverage.gap(AREA, "service states unavailable (no pids for services): " + e.getMessage(), null);
        }
        try {
            for (Map.Entry<String, RegistryValue> g : registry.values(SVCHOST).entrySet()) {
                if (!g.getValue().lines().isEmpty() && g.getValue().type() == RegistryValue.REG_MULTI_SZ) {
                    facts.putSvchostGroup(g.getKey(), g.getValue().lines());
                }
            }
        } catch (WindowsException e) {
            coverage.gap(AREA, "svchost groups unreadable: " + e.getMessage(), SVCHOST);
        }
        List<String> names;
        try {
            names = registry.subKeys(SERVICES);
        } catch (WindowsException e) {
            coverage.gap(AREA, "services key unreadable: " + e.getMessage(), SERVICES);
            return;
        }
        List<PersistenceEntry> entries = new ArrayList<>();
        for (String name : names) {
            String key = SERVICES + "\\" + name;
            try {
                ServiceInfo s = read(name, key, registry, env, status.get(name.toLowerCase(Locale.ROOT)), facts, coverage);
                if (s == null) {
                    continue;
                }
                facts.addService(s);
                List<String> refs = new ArrayList<>();
                if (s.binary() != null && WindowsPaths.absolute(s.binary())) {
                    refs.add(s.binary());
                }
                if (s.serviceDll() != null) {
                    refs.add(s.serviceDll());
                }
                String command = (s.imagePath() != null ? s.imagePath() : s.binary())
                        + (s.serviceDll() != null ? " [ServiceDll " + s.serviceDll() + "]" : "");
                PersistenceEntry entry = new PersistenceEntry(KIND, key, 0, s.account(), command, s.lastWrite(), refs);
                entries.add(entry);
                facts.addPersistenceSource(new PersistenceSource(entry, KIND, key, null, name, null));
            } catch (WindowsException e) {
                coverage.gap(AREA, "service key unreadable: " + e.getMessage(), key);
            }
        }
        coverage.add(AREA, "services", entries.size());
        snapshot.addPersistence(entries);
    }

    private ServiceInfo read(String name, String key, RegistrySource registry, WindowsEnvironment env,
                             ServiceStatus status, WindowsFacts facts, Coverage coverage) throws WindowsException {
        Map<String, RegistryValue> v = registry.values(key);
        Long type = number(v, "Type");
        if (type == null) {
            return null; // a configuration key, not a service
        }
        String root = env.systemRoot();
        int start = number(v, "Start") == null ? 3 : number(v, "Start").intValue();
        String imagePath = text(v, "ImagePath");
        boolean driver = (type & 0x0F) != 0 && (type & 0xF0) == 0;
        String binary;
        if (imagePath != null) {
            binary = WindowsPaths.program(imagePath, env.machine(), root);
            if (binary != null && driver && !WindowsPaths.absolute(binary)) {
                binary = root + "\\System32\\drivers\\" + WindowsPaths.fileName(binary);
            }
        } else {
            binary = driver ? root + "\\System32\\drivers\\" + name + ".sys" : null;
        }
        String dll = text(registry.values(key + "\\Parameters"), "ServiceDll");
        if (dll == null) {
            dll = text(v, "ServiceDll");
        }
        String serviceDll = dll == null ? null : WindowsPaths.normalise(WindowsPaths.expand(dll, env.machine()), root);
        String group = svchostGroup(binary, imagePath, env);
        Instant lastWrite = registry.lastWrite(key).orElse(null);
        FileFacts binaryFile = binary != null && WindowsPaths.absolute(binary)
                ? FileFactsReader.read(sources.files(), facts, binary, coverage, AREA) : null;
        FileFacts dllFile = serviceDll != null && WindowsPaths.absolute(serviceDll)
                ? FileFactsReader.read(sources.files(), facts, serviceDll, coverage, AREA) : null;
        return new ServiceInfo(name, text(v, "DisplayName"), type.intValue(), start, imagePath, binary, serviceDll,
                text(v, "ObjectName"), group, lastWrite, status != null ? status.pid() : 0,
                status != null ? stateName(status.state()) : null, binaryFile, dllFile);
    }

    /** The -k group of a svchost command line (also "/k" and "-k group" written with quotes). */
    static String svchostGroup(String binary, String imagePath, WindowsEnvironment env) {
        if (binary == null || !WindowsPaths.fileName(binary).equalsIgnoreCase("svchost.exe") || imagePath == null) {
            return null;
        }
        List<String> args = WindowsCommandLine.split(WindowsPaths.expand(imagePath, env.machine()));
        for (int i = 1; i + 1 < args.size(); i++) {
            if (args.get(i).equalsIgnoreCase("-k") || args.get(i).equalsIgnoreCase("/k")) {
                return args.get(i + 1);
            }
        }
        return null;
    }

    static String stateName(int state) {
        return switch (state) {
            case 1 -> "STOPPED";
            case 2 -> "START_PENDING";
            case 3 -> "STOP_PENDING";
            case 4 -> "RUNNING";
            case 5 -> "CONTINUE_PENDING";
            case 6 -> "PAUSE_PENDING";
            case 7 -> "PAUSED";
            default -> "STATE_" + state;
        };
    }

    static String text(Map<String, RegistryValue> values, String name) {
        RegistryValue v = values.get(name);
        if (v == null) {
            for (Map.Entry<String, RegistryValue> e : values.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        String t = v == null ? null : v.text();
        return t == null || t.isBlank() ? null : t;
    }

    static Long number(Map<String, RegistryValue> values, String name) {
        RegistryValue v = values.get(name);
        if (v == null) {
            for (Map.Entry<String, RegistryValue> e : values.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v == null ? null : v.number();
    }
}
