package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.MappingState;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * Modules whose image section maps another file than the loader names (process hollowing, doppelgänging, a DLL
 * swapped under its name), or whose file can no longer be read from disk (deleted or replaced after loading).
 */
public final class ModuleMismatchDetector implements Detector {
    static final String ID = "windows.module-file-mismatch";
    private final WindowsDetectionData data;

    public ModuleMismatchDetector() {
        this(WindowsDetectionData.builtIn());
    }

    ModuleMismatchDetector(WindowsDetectionData data) {
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
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            for (ModuleInfo m : facts.modules(p.pid())) {
                if (m.mapping() != MappingState.DIFFERS && m.mapping() != MappingState.FILE_MISSING) {
                    continue;
                }
                boolean main = p.executable() != null && WindowsPaths.samePath(m.path(), p.executable(), root);
                Finding.Builder f = Finding.builder(ID, "Module does not match its file on disk")
                        .category("process", "file").process(p).file(FileRef.of(m.path()));
                if (m.mapping() == MappingState.DIFFERS) {
                    f.technique(context.data().rules().rule(ID).techniques(main ? "process-hollowing" : "process-injection",
                            "process-doppelganging"));
                    f.reason(String.format("%s in %s is loaded as %s but its image section at 0x%x maps %s",
                            main ? "the main image" : "module", WinSupport.who(p), m.path(), m.base(), m.mappedPath()),
                            data.rule(ID).weight(main ? "main-image-differs" : "mapped-differs"));
                    f.respond("dump the memory of " + WinSupport.who(p) + " (e.g. procdump -ma " + p.pid()
                            + ") before anything else: the running code is not what is on disk");
                } else {
                    f.technique(context.data().rules().rule(ID).technique("file-deletion"));
                    f.reason(String.format("%s is loaded in %s (0x%x) but the file can no longer be read from disk",
                            m.path(), WinSupport.who(p), m.base()), data.rule(ID).weight("file-missing"));
                    f.respond("dump the module from memory (procdump -ma " + p.pid()
                            + ") : the file on disk is gone or replaced");
                }
                WinSupport.sharedSvchost(f, p, WinSupport.hostedServices(p, facts));
                findings.add(f.build());
            }
        }
        return findings;
    }
}
