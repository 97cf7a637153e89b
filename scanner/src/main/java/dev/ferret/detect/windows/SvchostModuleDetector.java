package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * svchost reconciliation (THREATS case 2): each {@code svchost.exe -k <group>} should host only the ServiceDlls of
 * its group's services (the Svchost registry key, the services the SCM places in that pid, the {@code -s} service)
 * and the OS-signed base set. A loaded module outside both, or an expected one that is not OS-signed, is reported
 * with what makes it suspicious (unsigned, a system-like name in System32, nobody registers it) and the response a
 * shared svchost needs: disable the registering service, never kill the host process blindly, delete at reboot.
 */
public final class SvchostModuleDetector implements Detector {
    static final String ID = "windows.svchost.foreign-module";
    private final WindowsDetectionData data;

    public SvchostModuleDetector() {
        this(WindowsDetectionData.builtIn());
    }

    SvchostModuleDetector(WindowsDetectionData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        WindowsFacts facts = WindowsFacts.find(snapshot).orElse(null);
        if (facts == null) {
            return List.of();
        }
        String root = facts.systemRoot();
        double trust = WinSupport.signatureTrust(facts, data);
        // every ServiceDll, to name the service that registers a module
        Map<String, List<ServiceInfo>> byDll = new HashMap<>();
        for (ServiceInfo s : facts.services()) {
            if (s.serviceDll() != null) {
                byDll.computeIfAbsent(WindowsPaths.key(s.serviceDll(), root), k -> new ArrayList<>()).add(s);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.name() == null || !p.name().equalsIgnoreCase("svchost.exe") || !facts.modulesListed(p.pid())) {
                continue;
            }
            String group = WinSupport.svchostGroup(p).orElse(null);
            Set<String> expected = new HashSet<>();
            Set<String> expectedFrom = new HashSet<>();
            if (group != null) {
                facts.svchostGroup(group).ifPresent(members -> members.forEach(name -> facts.service(name)
                        .ifPresent(s -> addDll(s, expected, root))));
                expectedFrom.add("group " + group);
            }
            WinSupport.argument(p, "-s").flatMap(facts::service).ifPresent(s -> addDll(s, expected, root));
            for (ServiceInfo s : facts.services()) {
                if (s.pid() == p.pid()) {
                    addDll(s, expected, root);
                    expectedFrom.add("the services in pid " + p.pid());
                }
            }
            boolean knowsExpectation = !expectedFrom.isEmpty() && (facts.svchostGroupsKnown()
                    || facts.services().stream().anyMatch(s -> s.pid() > 0));
            List<String> hosted = WinSupport.hostedServices(p, facts);
            for (ModuleInfo m : facts.modules(p.pid())) {
                if (m.path() == null || WindowsPaths.samePath(m.path(), p.executable(), root)) {
                    continue;
                }
                String key = WindowsPaths.key(m.path(), root);
                boolean registeredHere = expected.contains(key);
                boolean osSigned = WinSupport.osSigned(m.file(), data);
                if (osSigned) {
                    continue; // the OS-signed base set, or an OS service DLL
                }
                Finding finding = judge(p, m, group, registeredHere, knowsExpectation, byDll.getOrDefault(key, List.of()),
                        hosted, facts, context, trust);
                if (finding != null) {
                    findings.add(finding);
                }
            }
        }
        return findings;
    }

    private static void addDll(ServiceInfo s, Set<String> expected, String root) {
        if (s.serviceDll() != null) {
            expected.add(WindowsPaths.key(s.serviceDll(), root));
        }
    }

    private Finding judge(ProcessInfo p, ModuleInfo m, String group, boolean registeredHere, boolean knowsExpectation,
                          List<ServiceInfo> registrars, List<String> hosted, WindowsFacts facts,
                          DetectorContext context, double trust) {
        String root = facts.systemRoot();
        String where = "svchost.exe" + (group != null ? " -k " + group : "") + " (pid " + p.pid() + ")";
        Finding.Builder f = Finding.builder(ID, "Module in svchost that its services do not explain")
                .category("process", "file").process(p).file(WinSupport.file(m.file(), m.path()));
        SignatureState state = m.signature().state();
        boolean system32 = WindowsPaths.inSystemDirectory(m.path(), root);
        double factor = system32 ? trust : 1.0;
        switch (state) {
            case UNSIGNED -> f.reason(m.path() + " is loaded in " + where + " and is unsigned (no embedded signature, "
                    + "no catalog lists it)", WinSupport.scaled(data.rule(ID).weight("unsigned"), factor));
            case INVALID -> f.reason(m.path() + " is loaded in " + where + " and its " + m.signature().describe(),
                    data.rule(ID).weight("invalid"));
            case UNREADABLE -> f.reason(m.path() + " is loaded in " + where + " but the file cannot be read to verify it",
                    data.rule(ID).weight("unreadable"));
            case EMBEDDED, CATALOG -> f.reason(m.path() + " is loaded in " + where + " and " + m.signature().describe()
                    + ", not by Windows", data.rule(ID).weight("foreign-signer"));
            default -> f.reason(m.path() + " is loaded in " + where + "; its signature was not checked",
                    context.data().rules().rule(ID).weight("signature-unchecked"));
        }
        if (registeredHere) {
            ServiceInfo s = registrars.isEmpty() ? null : registrars.get(0);
            f.technique(context.data().rules().rule(ID).technique("windows-service"));
            if (s != null) {
                f.reason("it is the ServiceDll of service '" + s.name() + "' (" + s.startName() + " start)"
                        + (group != null ? ", listed in svchost group " + group : "") + ": a service registration makes "
                        + "svchost load it", 0);
                recent(s, f, context);
            }
        } else if (knowsExpectation) {
            f.technique(context.data().rules().rule(ID).technique("dll-injection"));
            f.reason("no service of " + (group != null ? "svchost group " + group : "this svchost")
                    + " registers it as its ServiceDll" + (registrars.isEmpty() ? ", and no other service does"
                    : " (service '" + registrars.get(0).name() + "' of another group does)"),
                    data.rule(ID).weight(state.valid() ? "unregistered.signed"
                            : "unregistered"));
        } else {
            f.technique(context.data().rules().rule(ID).technique("dll-injection"));
        }
        if (system32) {
            WeightedPattern name = data.systemLikeName(m.fileName()).orElse(null);
            if (name != null) {
                f.technique(context.data().rules().rule(ID).technique("masquerade-name"));
                f.reason(m.fileName() + " has a system-like name and sits in " + WindowsPaths.directory(m.path())
                        + ", but is not a Windows file", WinSupport.scaled(data.weight("windows.system-like-name.weight"),
                        trust));
            }
            if (!WinSupport.microsoftVersion(m.file())) {
                f.reason(m.file() != null && m.file().version() != null && m.file().version().company() != null
                        ? "its version resource names " + m.file().version().company() + ", not Microsoft"
                        : "it has no version resource naming Microsoft", data.weight("windows.version.not-microsoft.weight"));
            }
        }
        context.data().iocs().fileNameMatches(m.path()).stream().max(Comparator.comparingInt(WeightedPattern::score))
                .ifPresent(ioc -> f.reason(m.path() + " matches a file-name IOC" + (ioc.description().isEmpty() ? ""
                        : " (" + ioc.description() + ")"), ioc.score()));
        // response: the service first (or it comes back), never the shared host process blindly
        if (!registrars.isEmpty()) {
            registrars.forEach(s -> WinSupport.disableService(f, s));
        } else {
            f.respond("no service registers " + m.fileName() + ": it was injected into " + where + "; find the "
                    + "injector (other findings in this chain: a loader process, AppInit_DLLs, a Run key) and remove it "
                    + "first");
        }
        WinSupport.sharedSvchost(f, p, hosted);
        WinSupport.deleteAtReboot(f, m.path());
        f.respond("after the reboot, check that " + m.fileName() + " is gone and no svchost loads it again");
        Finding built = f.build();
        // an OS-signed-by-someone-else module the group registers is not worth a finding on its own
        return built.score() < Severity.LOW.floor() && registeredHere ? null : built;
    }

    private void recent(ServiceInfo s, Finding.Builder f, DetectorContext context) {
        if (s.lastWrite() == null) {
            return;
        }
        int days = context.data().thresholds().integer("persistence.recent.days");
        if (!s.lastWrite().isBefore(context.clock().instant().minus(Duration.ofDays(days)))) {
            f.reason("the service key " + s.key() + " was written " + s.lastWrite() + ", within the last " + days
                    + " days", data.weight("windows.service.recent.weight"));
        }
    }
}
