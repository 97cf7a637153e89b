package dev.ferret.detect.windows;

import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.ExecRegion;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executable memory not backed by an image the loader knows (T1055, T1620): a private or mapped region holding a
 * PE header is a reflectively loaded or manually mapped DLL; executable private memory without one is shellcode or
 * JIT output (processes hosting a JIT weigh less); an executable image section the module list omits is an
 * unlinked DLL. One finding per process, the strongest regions as its reasons.
 */
public final class InjectedCodeDetector implements Detector {
    static final String ID = "windows.injected-code";
    private static final int MAX_REASONS = 6;
    private final WindowsDetectionData data;

    public InjectedCodeDetector() {
        this(WindowsDetectionData.builtIn());
    }

    InjectedCodeDetector(WindowsDetectionData data) {
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
        Map<Integer, List<ExecRegion>> byPid = new LinkedHashMap<>();
        for (ExecRegion r : facts.regions()) {
            byPid.computeIfAbsent(r.pid(), k -> new ArrayList<>()).add(r);
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Integer, List<ExecRegion>> e : byPid.entrySet()) {
            Optional<ProcessInfo> p = snapshot.process(e.getKey());
            if (p.isEmpty()) {
                continue; // the scanner itself, or a process gone from the list
            }
            Optional<String> jit = facts.modules(e.getKey()).stream().map(ModuleInfo::fileName)
                    .filter(data::jitModule).findFirst();
            List<Weighed> weighed = new ArrayList<>();
            for (ExecRegion r : e.getValue()) {
                weighed.add(weigh(r, jit.isPresent()));
            }
            weighed.sort(Comparator.comparingInt(Weighed::weight).reversed());
            Finding.Builder f = Finding.builder(ID, "Executable memory not backed by a loaded image")
                    .category("process").process(p.get()).technique(context.data().rules().rule(ID).technique("process-injection"));
            boolean pe = false;
            for (int i = 0; i < Math.min(MAX_REASONS, weighed.size()); i++) {
                Weighed w = weighed.get(i);
                f.reason(w.text(), w.weight());
                pe |= w.region().peHeader() || w.region().peSignatureOnly() || w.region().type().equals("IMAGE");
            }
            if (weighed.size() > MAX_REASONS) {
                f.reason((weighed.size() - MAX_REASONS) + " more such regions", 0);
            }
            if (pe) {
                f.technique(context.data().rules().rule(ID).techniques("dll-injection", "reflective-code-loading"));
            }
            jit.ifPresent(j -> f.reason(WinSupport.who(p.get()) + " hosts a JIT compiler (" + j + "): code without a PE "
                    + "header is expected there and weighs less", 0));
            if (WinSupport.isSystemProcess(p.get()) && !weighed.isEmpty() && weighed.get(0).weight() >= 40) {
                f.reason(WinSupport.who(p.get()) + " is a Windows system process, which runs no generated code",
                        data.rule(ID).weight("system-process"));
            }
            f.respond("dump " + WinSupport.who(p.get()) + " before changing anything (procdump -ma " + p.get().pid()
                    + "), and scan the dump and the listed regions with YARA (ferret memory)");
            WinSupport.sharedSvchost(f, p.get(), WinSupport.hostedServices(p.get(), facts));
            f.respond("find what injected it: other findings of this chain (a loader process, a service, a Run key)");
            Finding built = f.build();
            if (built.score() > 0) {
                findings.add(built);
            }
        }
        return findings;
    }

    private record Weighed(ExecRegion region, String text, int weight) {
    }

    private Weighed weigh(ExecRegion r, boolean jitHost) {
        String d = r.describe();
        if (r.peHeader()) {
            boolean mapped = r.type().equals("MAPPED");
            return new Weighed(r, d + " holds a PE image (MZ and PE headers) that no loaded module explains: a "
                    + (mapped ? "manually mapped" : "reflectively loaded") + " DLL",
                    data.rule(ID).weight(mapped ? "mapped-pe" : "private-pe"));
        }
        if (r.peSignatureOnly()) {
            return new Weighed(r, d + " holds a PE signature with its DOS header wiped (a loader hiding its image)",
                    data.rule(ID).weight("pe-signature-only"));
        }
        if (r.type().equals("IMAGE")) {
            return new Weighed(r, d + " is an executable image section whose allocation is missing from the loader's "
                    + "module list (an unlinked or hand-mapped DLL)", data.rule(ID).weight("unlisted-image"));
        }
        double factor = jitHost ? data.rule(ID).threshold("jit.factor") : 1.0;
        if (r.type().equals("MAPPED")) {
            return new Weighed(r, d + " is executable mapped memory that is not an image",
                    WinSupport.scaled(data.rule(ID).weight("mapped-exec"), factor));
        }
        if (r.writable()) {
            return new Weighed(r, d + " is private memory that is writable and executable (shellcode staging)",
                    WinSupport.scaled(data.rule(ID).weight("private-rwx"), factor));
        }
        return new Weighed(r, d + " is private executable memory without a PE header",
                WinSupport.scaled(data.rule(ID).weight("private-rx"), factor));
    }
}
