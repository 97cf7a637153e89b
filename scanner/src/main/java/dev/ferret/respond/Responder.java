package dev.ferret.respond;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.memory.LinuxProcessMemory;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.os.host.LiveHost;
import dev.ferret.os.linux.ProcessSignals;
import dev.ferret.respond.apply.Applier;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.linux.CommandRunner;
import dev.ferret.respond.linux.Firewall;
import dev.ferret.respond.linux.LinuxExecutor;
import dev.ferret.respond.linux.LinuxPlanner;
import dev.ferret.respond.linux.MemoryDumper;
import dev.ferret.respond.linux.PackageFiles;
import dev.ferret.respond.linux.ProcTable;
import dev.ferret.respond.linux.ProcessControl;
import dev.ferret.respond.linux.ProcessTable;
import dev.ferret.respond.linux.Protection;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.PlanOptions;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.quarantine.Store;
import dev.ferret.respond.windows.WindowsPlanner;
import dev.ferret.scan.Area;
import dev.ferret.scan.Catalog;
import dev.ferret.scan.ScanEngine;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What `ferret respond` does between its options and its output: get the findings (a scan, or a report), build
 * the plan for the host's platform with the live process table and the package database, and apply it.
 */
public final class Responder {
    /**
     * Where the findings come from and what they are about.
     *
     * @param root       "/" live, or the image the file steps act on
     * @param live       true for the running host
     * @param sameHost   the findings' pids belong to this host (a live scan, or a report written here)
     * @param reportHost the report's host name (null for a scan)
     */
    public record Input(List<Finding> findings, String host, Platform platform, String source, Path root, boolean live,
                        boolean sameHost, String reportHost) {
    }

    private final Clock clock;
    private final CommandRunner runner;
    private final DetectionData data;

    public Responder(Clock clock, CommandRunner runner, DetectionData data) {
        this.clock = clock;
        this.runner = runner;
        this.data = data;
    }

    /** Scans (without the signature areas: run `ferret scan` and give --report for YARA findings). */
    public Input scan(Set<Area> areas, Path root, double cpuWindowSeconds) {
        boolean live = root == null;
        Path r = live ? Path.of("/") : root.toAbsolutePath().normalize();
        ScanEngine engine = new ScanEngine(Catalog.linuxCollectors(data), Catalog.primaryDetectors(),
                Catalog.pivotDetectors(), clock);
        CollectOptions collect = new CollectOptions(Duration.ofMillis((long) (cpuWindowSeconds * 1000)), true);
        ScanResult result = engine.run(new ScanRequest(areas, r, live, collect, data), new Coverage());
        String host = result.snapshot().host() == null ? localHost() : result.snapshot().host().name();
        return new Input(result.findings(), host, Platform.LINUX, "scan of " + String.join(",",
                areas.stream().map(Area::id).sorted().toList()), r, live, live, null);
    }

    /** Findings from a JSON Lines report; {@code root} is where the image is now when the report was offline. */
    public Input report(Path file, Path root) throws java.io.IOException, ReportFindings.BadReportException {
        ReportFindings rf = ReportFindings.read(file);
        Platform platform = Platform.ofFamily(rf.osFamily());
        boolean offline = root != null || rf.root() != null && !rf.live();
        if (platform == Platform.LINUX && rf.root() != null && !rf.live() && root == null) {
            throw new ReportFindings.BadReportException(file + " is the report of an offline image at " + rf.root()
                    + ": give --root with the image's location");
        }
        Path r = root != null ? root.toAbsolutePath().normalize() : Path.of("/");
        String local = localHost();
        String host = rf.host() != null ? rf.host() : local;
        boolean sameHost = !offline && platform == Platform.LINUX && host.equals(local)
                && dev.ferret.os.Platform.isLinux();
        return new Input(rf.findings(), host, platform, "report " + file, r, !offline, sameHost, rf.host());
    }

    public static String localHost() {
        try {
            return LiveHost.current().hostName();
        } catch (RuntimeException | LinkageError e) {
            return "localhost";
        }
    }

    /** Paths that are ferret's own: its runtime, class path and the store. */
    public static List<Path> ownPaths(Path store) {
        List<Path> own = new ArrayList<>();
        own.add(Path.of(System.getProperty("java.home")));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                own.add(Path.of(entry).toAbsolutePath());
            }
        }
        try {
            own.add(Path.of(Responder.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // unknown location
        }
        if (store != null) {
            own.add(store.toAbsolutePath().normalize());
        }
        return own;
    }

    /** The live pieces of a Linux response on this host. */
    public final class Linux {
        public final Protection protection;
        public final ProcessTable table;
        public final Firewall firewall;
        public final boolean systemd;

        Linux(Input in, Path store) {
            ProcTable procs = new ProcTable();
            List<Integer> self = in.live() ? procs.selfAndAncestors() : List.of((int) ProcessHandle.current().pid());
            this.protection = new Protection(self, ownPaths(store), PackageFiles.dpkg(in.root()), in.root());
            this.table = in.live() && in.sameHost() ? procs : ProcessTable.empty();
            this.firewall = Firewall.detect(runner);
            this.systemd = in.live() && Files.isDirectory(Path.of("/run/systemd/system"))
                    && runner.which("systemctl").isPresent();
        }
    }

    public Linux linux(Input in, Path store) {
        return new Linux(in, store);
    }

    public Plan plan(Input in, PlanOptions options, Path store, Linux linux) {
        if (in.platform() == Platform.WINDOWS) {
            return new WindowsPlanner(new WindowsPlanner.Context(in.host(), false, -1)).plan(in.findings(), options,
                    in.source(), clock.instant());
        }
        LinuxPlanner.Context ctx = new LinuxPlanner.Context(in.host(), in.root(), in.live(), in.sameHost(),
                in.reportHost(), linux.table, linux.protection, data, linux.firewall, linux.systemd,
                store == null ? null : store.toAbsolutePath().normalize().toString());
        return new LinuxPlanner(ctx).plan(in.findings(), options, in.source(), clock.instant());
    }

    /** Applies a Linux plan, writing evidence, audit and undo records into the store. */
    public List<Outcome> apply(Plan plan, Linux linux, Store store, String run, Consumer<Outcome> progress) {
        ProcessControl control = new ProcessControl(ProcessSignals.open(), linux.table, linux.protection);
        LinuxExecutor executor = new LinuxExecutor(linux.protection, control, store, runner, linux.firewall,
                linux.systemd, plan.live(), new MemoryDumper(new LinuxProcessMemory()), clock, run);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("user", System.getProperty("user.name"));
        facts.put("ferret_pid", Long.toString(ProcessHandle.current().pid()));
        facts.put("firewall", linux.firewall.tool().name().toLowerCase(java.util.Locale.ROOT));
        return new Applier(executor, store, clock, run, progress).apply(plan, facts);
    }
}
