package dev.ferret.detect.windows;

import dev.ferret.data.rules.Rule;
import dev.ferret.data.WeightedPattern;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.PathJudge;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.WindowsFacts;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Windows persistence (services, Run keys, Winlogon, AppInit, scheduled tasks, startup folders, WMI consumers)
 * that runs or names a file in a user-writable or temp location (%TEMP%, AppData, Users\Public, ProgramData's
 * root, the Recycle Bin...; {@code ferret/signatures/windows/suspicious-paths.txt}) or a file-name IOC. The program an entry
 * runs weighs more than a path it only passes as an argument. One finding per entry, with the removal steps of its
 * mechanism.
 */
public final class PersistencePathDetector implements Detector {
    static final String ID = "windows.persistence.user-writable";
    static final Set<String> KINDS = Set.of("service", "run-key", "winlogon", "appinit", "scheduled-task",
        "startup-folder", "wmi-subscription");
    private final WindowsDetectionData data;

    public PersistencePathDetector() {
        this(WindowsDetectionData.builtIn());
    }

    /** The technique the rule declares for a persistence mechanism; run keys and startup folders share one. */
    private static String mechanism(Rule rule, String kind) {
        return rule.technique(rule.techniques().containsKey(kind) ? kind : "run-key");
    }

    PersistencePathDetector(WindowsDetectionData data) {
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
        double mention = context.data().thresholds().number("persistence.path.mention.factor");
        List<Finding> findings = new java.util.ArrayList<>();
        for (PersistenceEntry e : snapshot.persistence()) {
            if (!KINDS.contains(e.kind())) {
                continue;
            }
            Optional<PersistenceSource> source = facts.persistenceSource(e);
            boolean anyPlace = e.references().stream().anyMatch(r -> data.userWritable(r).isPresent())
                    || e.command() != null && e.command().contains("%") && data.userWritable(e.command()).isPresent();
            Finding.Builder f = Finding.builder(ID, anyPlace
                    ? "Windows persistence runs a file from a user-writable or temp path"
                    : "Windows persistence runs a file an IOC names")
                    .category("persistence", "file").technique(mechanism(context.data().rules().rule(ID), e.kind())).persistence(e);
            String program = e.references().isEmpty() ? null : e.references().get(0);
            String main = null;
            int best = 0;
            for (String ref : e.references()) {
                boolean runs = ref.equals(program);
                Optional<WeightedPattern> place = data.userWritable(ref);
                Optional<WeightedPattern> ioc = context.data().iocs().fileNameMatches(ref).stream()
                        .max(Comparator.comparingInt(WeightedPattern::score));
                if (place.isEmpty() && ioc.isEmpty()) {
                    continue;
                }
                Optional<FileFacts> known = facts.knownFile(ref);
                boolean signed = known.isPresent() && known.get().signature().state().valid();
                double factor = (runs ? 1.0 : mention) * (signed ? data.number("persistence.signed-program.factor") : 1.0);
                place.ifPresent(w -> f.reason(label(e) + (runs ? " runs " : " refers to ") + ref + ": "
                        + PathJudge.describe(w) + (signed ? " (" + known.get().signature().describe() + ")" : ""),
                        WinSupport.scaled(w.score(), factor)));
                ioc.ifPresent(w -> f.reason(ref + " matches a file-name IOC" + (w.description().isEmpty() ? ""
                        : " (" + w.description() + ")"), w.score()));
                if (runs && place.isPresent() && place.get().score() >= data.rule(ID).thresholdInt("min-place-score")
                        && !signed) {
                    f.reason(ref + " is the program the entry starts, not just an argument",
                            data.rule(ID).weight("program"));
                }
                int score = place.map(WeightedPattern::score).orElse(0) + (runs ? 100 : 0);
                if (score > best) {
                    best = score;
                    main = ref;
                }
            }
            // the raw text may name a temp variable the references could not resolve
            if (!f.hasReasons() && e.command() != null) {
                data.userWritable(e.command()).filter(w -> e.command().contains("%")).ifPresent(w ->
                        f.reason(label(e) + " names " + PathJudge.describe(w) + ": " + e.command(), w.score()));
            }
            if (!f.hasReasons()) {
                continue;
            }
            recent(e, f, context);
            if (main != null) {
                f.file(FileRef.of(main));
            }
            respond(f, e, source.orElse(null), facts, main);
            findings.add(f.build());
        }
        return findings;
    }

    static String label(PersistenceEntry e) {
        return switch (e.kind()) {
            case "service" -> "service " + e.path().substring(e.path().lastIndexOf('\\') + 1);
            case "run-key" -> "Run value " + e.path();
            case "winlogon" -> "Winlogon value " + e.path();
            case "appinit" -> "AppInit_DLLs";
            case "scheduled-task" -> "scheduled task " + e.location();
            case "startup-folder" -> "startup item " + e.path();
            default -> "WMI subscription " + e.path();
        };
    }

    private void recent(PersistenceEntry e, Finding.Builder f, DetectorContext context) {
        if (e.mtime() == null) {
            return;
        }
        int days = context.data().thresholds().integer("persistence.recent.days");
        if (!e.mtime().isBefore(context.clock().instant().minus(Duration.ofDays(days)))) {
            f.reason(e.path() + " was written " + e.mtime() + ", within the last " + days + " days",
                    context.data().thresholds().integer("persistence.recent.weight"));
        }
    }

    static void respond(Finding.Builder f, PersistenceEntry e, PersistenceSource s, WindowsFacts facts, String file) {
        switch (e.kind()) {
            case "service" -> {
                String name = s != null ? s.name() : e.path().substring(e.path().lastIndexOf('\\') + 1);
                Optional<ServiceInfo> svc = facts.service(name);
                if (svc.isPresent()) {
                    WinSupport.disableService(f, svc.get());
                    if (svc.get().pid() > 0) {
                        f.respond("the service runs in pid " + svc.get().pid() + ": stop the service, do not kill a "
                                + "shared host process");
                    }
                }
                f.respond("once evidence is kept, delete the service: sc.exe delete \"" + name + "\"");
            }
            case "run-key", "winlogon", "appinit" -> {
                String key = s != null ? s.key() : e.path().substring(0, e.path().lastIndexOf('\\'));
                String value = s != null ? s.valueName() : e.path().substring(e.path().lastIndexOf('\\') + 1);
                f.respond("export the key as evidence: reg export \"" + key + "\" run-key.reg");
                if (e.kind().equals("winlogon")) {
                    f.respond("restore the value to Windows' default (Shell = explorer.exe, Userinit = "
                            + facts.systemRoot() + "\\system32\\userinit.exe,): reg add \"" + key + "\" /v " + value
                            + " /t REG_SZ /d <default> /f");
                } else {
                    f.respond("remove the value: reg delete \"" + key + "\" /v \"" + value + "\" /f");
                }
            }
            case "scheduled-task" -> {
                String name = s != null ? s.name() : e.path();
                f.respond("keep the definition: schtasks /Query /TN \"" + name + "\" /XML > task.xml");
                f.respond("disable, then delete the task: schtasks /Change /TN \"" + name + "\" /DISABLE, then "
                        + "schtasks /Delete /TN \"" + name + "\" /F");
            }
            case "startup-folder" -> f.respond("move " + e.path() + " out of the Startup folder into evidence storage");
            default -> {
                String name = s != null ? s.name() : e.path();
                f.respond("remove the WMI subscription (filter, consumer and binding) named '" + name + "': "
                        + "Get-WmiObject -Namespace root\\subscription -Class __FilterToConsumerBinding | Where-Object "
                        + "{ $_.Consumer -like '*" + name + "*' -or $_.Filter -like '*" + name + "*' } | "
                        + "Remove-WmiObject, then the same for __EventFilter and the consumer class");
            }
        }
        if (file != null) {
            String lower = file.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".lnk")) {
                f.respond("preserve " + file + " with its hashes, then delete it (at reboot if it is in use); "
                        + "search other hosts for its hash");
            }
        }
        f.respond("then stop the process it started (suspend first: a guardian may restart it) and look for what "
                + "created the entry");
    }
}
