package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Windows system processes where they should not be (T1036.005): svchost outside System32/SysWOW64, without
 * {@code -k}, or not started by services.exe; more than one lsass, or an lsass not started by wininit (a fake one
 * harvesting credentials); system processes run from the wrong directory or by the wrong parent; and look-alike
 * names one letter away from a system process (scvhost.exe, lsas.exe, svch0st.exe).
 */
public final class SystemProcessDetector implements Detector {
    static final String ID = "windows.system-process";
    static final String SVCHOST = ID + ".svchost";
    static final String LSASS = ID + ".lsass";
    static final String PLACEMENT = ID + ".placement";
    static final String LOOKALIKE = ID + ".lookalike";
    private final WindowsDetectionData data;

    public SystemProcessDetector() {
        this(WindowsDetectionData.builtIn());
    }

    SystemProcessDetector(WindowsDetectionData data) {
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
        boolean modern = facts.os().map(o -> o.major() >= 6).orElse(true);
        List<ProcessInfo> all = snapshot.processes();
        List<ProcessInfo> lsass = all.stream().filter(p -> "lsass.exe".equalsIgnoreCase(p.name())).toList();
        List<Finding> findings = new ArrayList<>();
        for (ProcessInfo p : all) {
            String name = p.name() == null ? "" : p.name().toLowerCase(Locale.ROOT);
            Optional<WindowsDetectionData.SystemProcess> expected = data.systemProcess(name);
            if (expected.isPresent()) {
                String rule = name.equals("svchost.exe") ? SVCHOST : name.equals("lsass.exe") ? LSASS : PLACEMENT;
                Finding.Builder f = Finding.builder(rule, name.equals("lsass.exe") ? "lsass that is not the real one"
                        : name.equals("svchost.exe") ? "svchost that services.exe did not start from System32"
                        : "System process in the wrong place").category("process").process(p)
                        .technique(context.data().rules().rule(rule).techniques("masquerading", "masquerade-name"));
                placement(p, expected.get(), root, all, modern, f);
                if (name.equals("svchost.exe") && !p.arguments().isEmpty() && WinSupport.svchostGroup(p).isEmpty()) {
                    f.reason(WinSupport.who(p) + " runs without -k: every service host names its group ("
                            + p.commandLine() + ")", data.rule(SVCHOST).weight("no-group"));
                }
                if (name.equals("lsass.exe") && lsass.size() > 1) {
                    ProcessInfo genuine = genuineLsass(lsass, all, root);
                    if (genuine.pid() != p.pid()) {
                        f.technique(context.data().rules().rule(rule).technique("lsass-memory"));
                        f.reason(lsass.size() + " lsass.exe processes run (pids " + lsass.stream().map(ProcessInfo::pid)
                                .toList() + "); Windows has exactly one, and pid " + genuine.pid() + " is the one "
                                + "wininit started from System32", data.rule(LSASS).weight("extra-instance"));
                    }
                }
                if (f.hasReasons()) {
                    if (p.executable() != null) {
                        f.file(FileRef.of(p.executable()));
                    }
                    f.respond("dump and suspend " + WinSupport.who(p) + " (procdump -ma " + p.pid() + "; pssuspend "
                            + p.pid() + "), keep " + (p.executable() != null ? p.executable() : "its image")
                            + " as evidence, then find what started it (parent pid " + p.ppid() + ")");
                    Finding built = f.build();
                    if (built.score() >= Severity.LOW.floor()) {
                        findings.add(built);
                    }
                }
                continue;
            }
            lookalike(p, name, context).ifPresent(findings::add);
        }
        return findings;
    }

    /** The lsass wininit started from System32, or else the one started first. */
    private static ProcessInfo genuineLsass(List<ProcessInfo> lsass, List<ProcessInfo> all, String root) {
        for (ProcessInfo l : lsass) {
            boolean system32 = l.executable() != null && WindowsPaths.samePath(l.executable(), root
                    + "\\System32\\lsass.exe", root);
            boolean wininit = all.stream().anyMatch(x -> x.pid() == l.ppid() && "wininit.exe".equalsIgnoreCase(x.name()));
            if (system32 && wininit) {
                return l;
            }
        }
        return lsass.stream().min(java.util.Comparator.comparing(l -> l.startTime() == null ? java.time.Instant.MAX
                : l.startTime())).orElseThrow();
    }

    private void placement(ProcessInfo p, WindowsDetectionData.SystemProcess expected, String root,
                           List<ProcessInfo> all, boolean modern, Finding.Builder f) {
        if (p.executable() != null && !expected.directories().contains("-")) {
            String dir = WindowsPaths.directory(WindowsPaths.normalise(p.executable(), root)).toLowerCase(Locale.ROOT);
            boolean ok = false;
            for (String d : expected.directories()) {
                String want = (d.equals("Windows") ? root : root + "\\" + d).toLowerCase(Locale.ROOT);
                ok |= dir.equals(want);
            }
            if (!ok) {
                f.reason(WinSupport.who(p) + " runs from " + p.executable() + ", not from "
                        + String.join(" or ", expected.directories().stream().map(d -> d.equals("Windows") ? root
                        : root + "\\" + d).toList()), data.weight("system-process.wrong-directory.weight"));
            }
        }
        if (!modern || expected.parents().contains("-")) {
            return;
        }
        Optional<ProcessInfo> parent = all.stream().filter(x -> x.pid() == p.ppid()).findFirst();
        if (parent.isEmpty()) {
            return; // the parent exited (smss's children): nothing to judge
        }
        String parentName = parent.get().name() == null ? "" : parent.get().name().toLowerCase(Locale.ROOT);
        if (parentName.equals("system") && expected.parents().contains("system")) {
            return;
        }
        boolean older = parent.get().startTime() == null || p.startTime() == null
                || !parent.get().startTime().isAfter(p.startTime());
        if (!expected.parents().contains(parentName) && older) {
            f.reason(WinSupport.who(p) + " was started by " + WinSupport.who(parent.get()) + ", not by "
                    + String.join(" or ", expected.parents()), data.weight("system-process.wrong-parent.weight"));
        }
    }

    /**
     * A name one edit (or one look-alike digit) away from a system process's name, but not equal to one. Programs
     * installed under Program Files are left alone (vendors name their own "service.exe").
     */
    private Optional<Finding> lookalike(ProcessInfo p, String name, DetectorContext context) {
        if (name.isEmpty() || !name.endsWith(".exe")
                || p.executable() != null && p.executable().toLowerCase(Locale.ROOT).contains("\\program files")) {
            return Optional.empty();
        }
        String folded = name.replace('0', 'o').replace('1', 'l').replace('3', 'e').replace('5', 's');
        for (String system : data.systemProcessNames()) {
            if (!system.endsWith(".exe") || system.length() < 8 || distance(folded, system) > 1) {
                continue;
            }
            Finding.Builder f = Finding.builder(LOOKALIKE, "Process named like a Windows system process")
                    .category("process").process(p).technique(context.data().rules().rule(LOOKALIKE).techniques("masquerading", "masquerade-name"))
                    .reason(WinSupport.who(p) + " is named one character away from the Windows process " + system
                            + (p.executable() != null ? " and runs " + p.executable() : ""),
                            data.rule(LOOKALIKE).weight("name"));
            if (p.executable() != null) {
                f.file(FileRef.of(p.executable()));
            }
            f.respond("suspend " + WinSupport.who(p) + " and keep " + (p.executable() != null ? p.executable()
                    : "its image") + " as evidence");
            return Optional.of(f.build());
        }
        return Optional.empty();
    }

    /** Damerau-Levenshtein distance (adjacent transpositions count once), small strings only. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
