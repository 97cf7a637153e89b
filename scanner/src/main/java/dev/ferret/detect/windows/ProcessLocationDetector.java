package dev.ferret.detect.windows;

import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Processes running from a user-writable or temp location on Windows (the Linux detector's temp-path idea with
 * Windows paths): %TEMP%, AppData, Users\Public, ProgramData's root, the Recycle Bin. An unsigned image there adds
 * weight. THREATS case 2's TrustedHostex.exe ran from a temp directory.
 */
public final class ProcessLocationDetector implements Detector {
    static final String ID = "windows.process.user-writable-path";
    private final WindowsDetectionData data;

    public ProcessLocationDetector() {
        this(WindowsDetectionData.builtIn());
    }

    ProcessLocationDetector(WindowsDetectionData data) {
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
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            modules(p, facts, findings, context.data().rules().rule(ID).technique("dll-injection"));
            if (p.executable() == null) {
                continue;
            }
            Optional<WeightedPattern> place = data.userWritable(p.executable());
            if (place.isEmpty()) {
                continue;
            }
            Optional<FileFacts> file = facts.knownFile(p.executable());
            boolean signed = file.isPresent() && file.get().signature().state().valid();
            Finding.Builder f = Finding.builder(ID, "Process runs from a user-writable or temp path")
                    .category("process").process(p).file(FileRef.of(p.executable()))
                    .technique(context.data().rules().rule(ID).technique("masquerading"))
                    .reason(WinSupport.who(p) + " runs " + p.executable() + ": " + PathJudge.describe(place.get())
                            + (signed ? " (" + file.get().signature().describe() + ")" : ""), WinSupport.scaled(
                            place.get().score(), signed ? data.number("persistence.signed-program.factor") : 1.0));
            if (file.isPresent() && file.get().signature().state() == SignatureState.UNSIGNED) {
                f.reason(p.executable() + " is unsigned", context.data().rules().rule(ID).weight("unsigned"));
            }
            f.respond("suspend " + WinSupport.who(p) + " (pssuspend " + p.pid() + "), keep " + p.executable()
                    + " with its hashes as evidence, and find what starts it (Run keys, services, tasks in this chain)");
            findings.add(f.build());
        }
        return findings;
    }

    /** DLLs a process loads from a user-writable or temp place, by the same path data (its image is judged above). */
    private void modules(ProcessInfo p, WindowsFacts facts, List<Finding> findings, String dllInjection) {
        for (ModuleInfo m : facts.modules(p.pid())) {
            if (m.path() == null || WindowsPaths.samePath(m.path(), p.executable(), facts.systemRoot())) {
                continue;
            }
            Optional<WeightedPattern> place = data.userWritable(m.path());
            if (place.isEmpty()) {
                continue;
            }
            boolean signed = m.signature().state().valid();
            Finding.Builder f = Finding.builder(ID, "Module loaded from a user-writable or temp path")
                    .category("process", "file").process(p).file(WinSupport.file(m.file(), m.path()))
                    .technique(dllInjection)
                    .reason(WinSupport.who(p) + " loads " + m.path() + ": " + PathJudge.describe(place.get())
                            + (signed ? " (" + m.signature().describe() + ")" : ""), WinSupport.scaled(
                            place.get().score(), signed ? data.number("persistence.signed-program.factor") : 1.0));
            f.respond("keep " + m.path() + " with its hashes as evidence and find what makes " + WinSupport.who(p)
                    + " load it (a search-order hijack next to its image, AppInit_DLLs, an injector in this chain)");
            findings.add(f.build());
        }
    }
}
