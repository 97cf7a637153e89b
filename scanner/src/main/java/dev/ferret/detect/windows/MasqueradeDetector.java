package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files directly in System32 or SysWOW64 that are not OS files (T1036.005): every Windows file there is signed by
 * Microsoft, so an unsigned one, above all with a system-like name and loaded by a system process, is dressed up
 * as Windows. Judged once per file across running processes' images and modules and service binaries. Vendor-signed
 * files (drivers' helpers) are only a hint. When catalog verification is not working on the host, the unsigned
 * reasons are scaled down and say so.
 */
public final class MasqueradeDetector implements Detector {
    static final String ID = "windows.system-name-masquerade";
    private final WindowsDetectionData data;

    public MasqueradeDetector() {
        this(WindowsDetectionData.builtIn());
    }

    MasqueradeDetector(WindowsDetectionData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return ID;
    }


    /** Where a file was seen: processes that load or run it, services that register it. */
    private static final class Seen {
        final FileFacts file;
        final Set<ProcessInfo> loadedBy = new LinkedHashSet<>();
        final Set<ServiceInfo> services = new LinkedHashSet<>();

        Seen(FileFacts file) {
            this.file = file;
        }
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        WindowsFacts facts = WindowsFacts.find(snapshot).orElse(null);
        if (facts == null) {
            return List.of();
        }
        String root = facts.systemRoot();
        double trust = WinSupport.signatureTrust(facts, data);
        if (trust < 1.0) {
            snapshot.coverage().note("most System32 files checked read as unsigned: catalog verification is not "
                    + "working on this host (CryptSvc stopped?), so unsigned-in-System32 findings are weakened");
        }
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (ProcessInfo p : snapshot.processes()) {
            for (ModuleInfo m : facts.modules(p.pid())) {
                if (m.file() != null && WindowsPaths.inSystemDirectory(m.path(), root)) {
                    seen.computeIfAbsent(WindowsPaths.key(m.path(), root), k -> new Seen(m.file())).loadedBy.add(p);
                }
            }
        }
        for (ServiceInfo s : facts.services()) {
            for (FileFacts f : new FileFacts[] {s.binaryFile(), s.dllFile()}) {
                if (f != null && WindowsPaths.inSystemDirectory(f.path(), root)) {
                    seen.computeIfAbsent(WindowsPaths.key(f.path(), root), k -> new Seen(f)).services.add(s);
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Seen s : seen.values()) {
            FileFacts file = s.file;
            SignatureState state = file.signature().state();
            if (WinSupport.osSigned(file, data) || state == SignatureState.UNKNOWN || state == SignatureState.UNREADABLE) {
                continue;
            }
            String name = WindowsPaths.fileName(file.path());
            Finding.Builder f = Finding.builder(ID, "File in System32 that is not a Windows file")
                    .category("file").technique(context.data().rules().rule(ID).techniques("masquerading", "masquerade-name"))
                    .file(WinSupport.file(file, file.path()));
            if (state == SignatureState.EMBEDDED || state == SignatureState.CATALOG) {
                f.reason(file.path() + " is " + file.signature().describe() + ", not by Windows",
                        data.rule(ID).weight("foreign-signer"));
            } else {
                f.reason(file.path() + " is in " + WindowsPaths.directory(file.path()) + " but "
                        + (state == SignatureState.INVALID ? "its " + file.signature().describe() : "unsigned")
                        + ": every Windows file there is signed by Microsoft",
                        WinSupport.scaled(data.rule(ID).weight("unsigned"), state == SignatureState.INVALID ? 1 : trust));
            }
            WeightedPattern like = data.systemLikeName(name).orElse(null);
            if (like != null) {
                f.reason(name + " imitates a Windows component's name", WinSupport.scaled(
                        data.weight("windows.system-like-name.weight"), trust));
            }
            if (!WinSupport.microsoftVersion(file) && file.version() != null && file.version().company() != null) {
                f.reason("its version resource names " + file.version().company(), 0);
            } else if (file.version() == null) {
                f.reason("it has no version resource", data.weight("windows.version.not-microsoft.weight"));
            }
            List<ProcessInfo> system = s.loadedBy.stream().filter(WinSupport::isSystemProcess).toList();
            if (!system.isEmpty()) {
                f.reason("loaded by " + system.stream().map(WinSupport::who).limit(5).toList(),
                        data.rule(ID).weight("loaded-in-system-process"));
            }
            if (!s.loadedBy.isEmpty()) {
                f.process(s.loadedBy.iterator().next());
            }
            for (ServiceInfo svc : s.services) {
                f.reason("service '" + svc.name() + "' runs it (" + svc.startName() + " start)", 0);
            }
            context.data().iocs().fileNameMatches(file.path()).stream()
                    .max(Comparator.comparingInt(WeightedPattern::score))
                    .ifPresent(ioc -> f.reason(file.path() + " matches a file-name IOC" + (ioc.description().isEmpty()
                            ? "" : " (" + ioc.description() + ")"), ioc.score()));
            s.services.forEach(svc -> WinSupport.disableService(f, svc));
            WinSupport.deleteAtReboot(f, file.path());
            f.respond("search other hosts for " + name.toLowerCase(Locale.ROOT) + " and its hash");
            findings.add(f.build());
        }
        return findings;
    }
}
