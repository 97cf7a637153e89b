package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Services whose binary or ServiceDll is unsigned or carries a signature that does not verify (T1543.003). Unsigned
 * vendor services in Program Files are common, so they are only a hint; unsigned in System32, an unsigned DLL that
 * svchost hosts, an unsigned kernel driver and a tampered signature weigh more, as do automatic start and a
 * recently written service key. Disabled services count for half.
 */
public final class UnsignedServiceDetector implements Detector {
    static final String ID = "windows.persistence.unsigned-service";
    private final WindowsDetectionData data;

    public UnsignedServiceDetector() {
        this(WindowsDetectionData.builtIn());
    }

    UnsignedServiceDetector(WindowsDetectionData data) {
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
        List<Finding> findings = new ArrayList<>();
        for (ServiceInfo s : facts.services()) {
            Finding.Builder f = Finding.builder(ID, "Service runs an unsigned or tampered binary")
                    .category("persistence", "file").technique(context.data().rules().rule(ID).technique("windows-service"));
            double disabled = s.start() == 4 ? 0.5 : 1.0;
            String main = null;
            for (FileFacts file : new FileFacts[] {s.binaryFile(), s.dllFile()}) {
                if (file == null) {
                    continue;
                }
                boolean dll = file == s.dllFile();
                SignatureState state = file.signature().state();
                if (state == SignatureState.INVALID) {
                    f.reason((dll ? "its ServiceDll " : "its binary ") + file.path() + ": " + file.signature().describe(),
                            WinSupport.scaled(data.rule(ID).weight("invalid"), disabled));
                    main = main == null ? file.path() : main;
                } else if (state == SignatureState.UNSIGNED) {
                    String lower = file.path().toLowerCase(Locale.ROOT);
                    boolean system = WindowsPaths.underSystemDirectory(file.path(), root);
                    String key = dll ? "unsigned-dll" : s.driver() ? "unsigned-driver"
                            : system ? "unsigned.system32"
                            : lower.contains("\\program files") ? "unsigned.program-files"
                            : "unsigned";
                    f.reason((dll ? "its ServiceDll " : s.driver() ? "its driver " : "its binary ") + file.path()
                            + " is unsigned" + (dll ? " (svchost loads it)" : ""), WinSupport.scaled(data.rule(ID).weight(key),
                            disabled * (system ? trust : 1.0)));
                    main = main == null ? file.path() : main;
                }
            }
            if (!f.hasReasons()) {
                continue;
            }
            f.reason("service '" + s.name() + "'" + (s.displayName() != null ? " (" + s.displayName() + ")" : "")
                    + ", " + s.startName() + " start, runs as " + (s.account() != null ? s.account() : "LocalSystem"),
                    s.start() == 2 || s.start() <= 1 ? data.rule(ID).weight("autostart") : 0);
            if (s.lastWrite() != null) {
                int days = context.data().thresholds().integer("persistence.recent.days");
                if (!s.lastWrite().isBefore(context.clock().instant().minus(Duration.ofDays(days)))) {
                    f.reason("its key was written " + s.lastWrite() + ", within the last " + days + " days",
                            data.weight("windows.service.recent.weight"));
                }
            }
            f.file(FileRef.of(main));
            snapshot.persistence().stream().filter(e -> e.kind().equals("service") && e.path().equals(s.key()))
                    .findFirst().ifPresent(f::persistence);
            f.respond("check who publishes " + WindowsPaths.fileName(main) + " (version resource, hash lookup); if "
                    + "nobody should, treat the service as malicious:");
            WinSupport.disableService(f, s);
            WinSupport.deleteAtReboot(f, main);
            findings.add(f.build());
        }
        return findings;
    }
}
