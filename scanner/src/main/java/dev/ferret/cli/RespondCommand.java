package dev.ferret.cli;

import dev.ferret.report.Printable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Severity;
import dev.ferret.respond.PlanOutput;
import dev.ferret.respond.ReportFindings;
import dev.ferret.respond.Responder;
import dev.ferret.respond.apply.Applier;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.linux.CommandRunner;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.StepKind;
import dev.ferret.respond.quarantine.Store;
import dev.ferret.scan.Area;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "respond", mixinStandardHelpOptions = true,
        description = {"Contain what a scan found: build a response plan from the finding chains and, with --apply, "
            + "carry it out.",
            "Order: suspend (guardians first) -> evidence -> persistence -> block -> kill -> quarantine -> preload.",
            "Without --apply nothing on the host changes: the plan is printed with the equivalent shell "
                + "(or PowerShell) commands and the reason for every step.",
            "With --apply, evidence, quarantined files, an audit log and an undo record go to --store DIR "
                + "('ferret undo --store DIR' reverses the changes).",
            "",
            "Exit codes: 0 nothing to do / everything applied, 1 a plan with steps (not applied, or declined), "
                + "2 bad usage or input, 3 some steps failed (see the audit log)."})
public final class RespondCommand implements Callable<Integer> {
    /** Output formats of the plan. */
    enum Format { text, json }

    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Plan from this JSON Lines report ('ferret scan --format jsonl') instead of scanning now.")
    Path report;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Act on a mounted disk image at DIR (offline: file and persistence steps only).")
    Path root;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Plan output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--apply", description = "Carry out the plan (asks for confirmation unless --yes).")
    boolean apply;

    @Option(names = {"-y", "--yes"}, description = "Apply without asking (unattended runs).")
    boolean yes;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Where evidence, quarantined files, the audit log and the undo record go. Required with "
                    + "--apply; put it on the responder's kit, not on the suspect disk.")
    Path store;

    @Option(names = "--only", paramLabel = "KINDS", split = ",",
            description = "Only these step kinds: suspend, evidence, persistence, block, kill, quarantine, preload.")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "KINDS", split = ",", description = "Leave out these step kinds.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--min-severity", paramLabel = "SEVERITY", defaultValue = "high",
            converter = SeverityConverter.class,
            description = "Act on finding chains whose worst finding is at least this severe (default: "
                    + "${DEFAULT-VALUE}).")
    Severity minSeverity;

    @Option(names = "--chain", paramLabel = "IDS", split = ",",
            description = "Act on these chains only (c1,c3), whatever their severity.")
    List<String> chains = new ArrayList<>();

    @Option(names = "--dump-memory", description = "Dump the memory of suspended malicious processes into the store.")
    boolean dumpMemory;

    @Option(names = "--block-smb", description = "Also block inbound SMB/RPC (tcp 135, 139, 445; udp 137, 138).")
    boolean blockSmb;

    @Option(names = "--scan", paramLabel = "AREAS", split = ",", defaultValue = "processes,network,persistence,files",
            description = "Areas to scan when no --report is given (default: ${DEFAULT-VALUE}; for YARA findings "
                    + "run 'ferret scan --format jsonl' and give --report).")
    List<String> scanAreas = new ArrayList<>();

    @Option(names = "--cpu-window", paramLabel = "SECONDS", defaultValue = "1.0",
            description = "How long CPU use is sampled when scanning (default: ${DEFAULT-VALUE} s).")
    double cpuWindow;

    @Option(names = "--iocs", paramLabel = "PATH", description = "Add IOC files (as for 'ferret scan'). Repeatable.")
    List<Path> iocs = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on the terminal but the plan, results and errors.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlanOptions options = options();
        if (apply && store == null) {
            throw new BadInputException("--apply needs --store DIR: evidence, quarantined files, the audit log and "
                    + "the undo record go there (choose a directory on the responder's kit, not on the suspect disk)");
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new BadInputException("--root: " + root + " is not a directory");
        }
        if (report != null && !Files.isRegularFile(report)) {
            throw new BadInputException("--report: " + report + " is not a readable file");
        }
        if (cpuWindow < 0.1 || cpuWindow > 60) {
            throw new BadInputException("--cpu-window: " + cpuWindow + " is outside 0.1 to 60 seconds");
        }
        Set<Area> areas = areas();
        DetectionData data = loadData();
        Responder responder = new Responder(Clock.systemUTC(), CommandRunner.system(), data);
        Responder.Input input;
        if (report != null) {
            try {
                input = responder.report(report, root);
            } catch (ReportFindings.BadReportException e) {
                throw new BadInputException("--report: " + e.getMessage());
            }
        } else {
            if (!quiet) {
                err.println("ferret: scanning " + String.join(", ", areas.stream().map(Area::id).sorted().toList())
                        + (root != null ? " of " + root : "") + " ...");
                err.flush();
            }
            input = responder.scan(areas, root, cpuWindow);
        }
        Responder.Linux linux = input.platform() == Platform.LINUX ? responder.linux(input, store) : null;
        Plan plan = responder.plan(input, options, store, linux);
        PlanOutput output = new PlanOutput();
        if (!apply) {
            print(out, output, plan, null);
            return plan.steps().isEmpty() ? ExitCodes.CLEAN : ExitCodes.FINDINGS;
        }
        if (plan.platform() == Platform.WINDOWS) {
            print(out, output, plan, null);
            throw new BadInputException("--apply: this is a plan for a Windows host; this build prints Windows steps "
                    + "with their PowerShell commands and does not execute them");
        }
        if (plan.executableSteps() == 0) {
            print(out, output, plan, List.of());
            if (!quiet) {
                err.println("ferret: nothing to apply");
            }
            return ExitCodes.CLEAN;
        }
        if (!yes) {
            String shown = output.text(plan);
            if (format == Format.json) {
                err.print(shown);
            } else {
                out.print(shown);
                out.flush();
            }
            if (!confirm(err, plan)) {
                err.println("ferret: not applied; nothing was changed");
                return ExitCodes.FINDINGS;
            }
        }
        Path storeDir = store.toAbsolutePath().normalize();
        warnAboutStore(err, storeDir, plan);
        String run = "run-" + RUN.format(Clock.systemUTC().instant()) + "-" + ProcessHandle.current().pid();
        List<Outcome> outcomes;
        try (Store s = Store.open(storeDir)) {
            ObjectNode saved = output.plan(plan);
            s.savePlan(run, saved);
            PrintWriter progress = format == Format.text && !quiet ? err : null;
            if (progress != null) {
                progress.println("ferret: applying " + plan.executableSteps() + " steps; audit log "
                        + storeDir.resolve("audit.jsonl"));
                progress.flush();
            }
            outcomes = responder.apply(plan, linux, s, run, o -> {
                if (progress != null) {
                    progress.println("  " + o.stepId() + " " + o.status().id() + ": " + Printable.text(o.message()));
                    progress.flush();
                }
            });
        } catch (IOException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
        if (format == Format.json) {
            print(out, output, plan, outcomes);
        } else {
            if (yes) {
                out.print(output.text(plan));
            }
            out.println();
            out.println("Results (run " + run + ", store " + storeDir + "):");
            out.print(output.text(outcomes));
            out.println(summary(outcomes));
            out.flush();
        }
        return Applier.complete(outcomes) ? ExitCodes.CLEAN : ExitCodes.INCOMPLETE;
    }

    private void print(PrintWriter out, PlanOutput output, Plan plan, List<Outcome> outcomes) throws IOException {
        if (format == Format.json) {
            ObjectNode doc = output.json().createObjectNode();
            doc.set("plan", output.plan(plan));
            if (outcomes != null) {
                doc.set("results", output.outcomes(outcomes));
            }
            out.println(output.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.print(output.text(plan));
        }
        out.flush();
    }

    static String summary(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder("Summary:");
        for (Outcome.Status s : Outcome.Status.values()) {
            long n = outcomes.stream().filter(o -> o.status() == s).count();
            if (n > 0) {
                b.append(' ').append(n).append(' ').append(s.id()).append(',');
            }
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private boolean confirm(PrintWriter err, Plan plan) {
        err.print("Apply " + plan.executableSteps() + " steps to " + plan.host() + " (" + (plan.live() ? "live host"
                : plan.root()) + ")? Type 'yes' to continue: ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                err.println();
                throw new BadInputException("--apply needs a confirmation and standard input has none: run it "
                        + "interactively or add --yes");
            }
            return answer.strip().equalsIgnoreCase("yes");
        } catch (IOException e) {
            throw new BadInputException("--apply: cannot read the confirmation (" + e.getMessage() + "): add --yes");
        }
    }

    /** Never write to the suspect disk silently: say so when the store is on the file system being cleaned. */
    private void warnAboutStore(PrintWriter err, Path storeDir, Plan plan) {
        Path suspect = Path.of(plan.root());
        if (storeDir.startsWith(suspect) && !plan.live()) {
            err.println("ferret: warning: the store " + storeDir + " is inside the image " + suspect
                    + ": evidence is written into the image being examined");
        }
        try {
            Path existing = storeDir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && Files.getFileStore(existing).equals(Files.getFileStore(suspect))) {
                err.println("ferret: warning: the store " + storeDir + " is on the same file system as "
                        + suspect + " (the suspect disk): evidence written there may overwrite deleted traces; "
                        + "prefer a directory on the responder's kit");
            }
        } catch (IOException e) {
            // cannot tell: no warning
        }
        err.flush();
    }

    private PlanOptions options() {
        Set<StepKind> onlyKinds;
        Set<StepKind> skipKinds;
        try {
            onlyKinds = only.isEmpty() ? EnumSet.noneOf(StepKind.class) : StepKind.parseList(String.join(",", only));
            skipKinds = skip.isEmpty() ? EnumSet.noneOf(StepKind.class) : StepKind.parseList(String.join(",", skip));
        } catch (IllegalArgumentException e) {
            throw new BadInputException((only.isEmpty() ? "--skip: " : "--only/--skip: ") + e.getMessage());
        }
        Set<String> chainIds = new LinkedHashSet<>();
        for (String c : chains) {
            if (!c.strip().isEmpty()) {
                chainIds.add(c.strip());
            }
        }
        return new PlanOptions(minSeverity, chainIds, dumpMemory, blockSmb, onlyKinds, skipKinds);
    }

    private Set<Area> areas() {
        Set<Area> areas = EnumSet.noneOf(Area.class);
        for (String a : scanAreas) {
            String s = a.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            Area area = switch (s) {
                case "processes" -> Area.PROCESSES;
                case "network" -> Area.NETWORK;
                case "persistence" -> Area.PERSISTENCE;
                case "files" -> Area.FILES;
                default -> throw new BadInputException("--scan: unknown area '" + a + "' (expected processes, network, "
                        + "persistence, files; for YARA findings run 'ferret scan --format jsonl' and give --report)");
            };
            areas.add(area);
        }
        if (areas.isEmpty()) {
            throw new BadInputException("--scan: no area given");
        }
        return areas;
    }

    private DetectionData loadData() {
        if (iocs.isEmpty()) {
            return DetectionData.builtIn();
        }
        try {
            return DetectionData.withUserIocs(iocs);
        } catch (IOException e) {
            throw new BadInputException("--iocs: cannot read " + e.getMessage());
        }
    }
}
