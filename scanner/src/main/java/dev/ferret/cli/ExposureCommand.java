package dev.ferret.cli;

import dev.ferret.report.Printable;
import dev.ferret.exposure.ExposureFindings;
import dev.ferret.exposure.ExposureScan;
import dev.ferret.exposure.HostResult;
import dev.ferret.exposure.RateLimiter;
import dev.ferret.exposure.Targets;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.os.Platform;
import dev.ferret.scan.Area;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

/** {@code ferret exposure}: which other hosts expose SMB, speak SMBv1, miss MS17-010 or carry DoublePulsar. */
@Command(name = "exposure", mixinStandardHelpOptions = true,
        description = {"Network sweep: TCP 135/139/445 open, SMBv1 accepted, SMB2 dialect, the non-exploiting "
                + "MS17-010 check and the DoublePulsar implant probe; one verdict per host (exposed, vulnerable, "
                + "backdoored, patched, closed, unknown).",
            "Nothing sent exploits or changes a target. Only the --root, --rules and sweep options of the "
                + "common set do not apply here."})
public final class ExposureCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "0..*",
            description = "Addresses, IPv4 CIDR ranges (a.b.c.d/24) or host names (resolved; literals never are).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--targets-file", paramLabel = "FILE",
            description = "More targets, one per line ('#' starts a comment).")
    Path targetsFile;

    @Option(names = "--ports", paramLabel = "PORTS", split = ",", defaultValue = "445,139,135",
            description = "TCP ports (default: ${DEFAULT-VALUE}); SMB is spoken on 445 and 139.")
    List<Integer> ports;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
            description = "Hosts probed at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "N/s", defaultValue = "100",
            description = "At most this many new connections per second, all hosts together "
                    + "(default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1500",
            description = "Longest wait for one connect or one reply (default: ${DEFAULT-VALUE}); a host takes at "
                    + "most (ports + 7) times this, rate-limit waits aside.")
    int timeoutMillis;

    @Option(names = "--udp", description = "Also ask UDP 137 for the NetBIOS name table (UDP 138 has no "
            + "request that gets an answer and is not probed).")
    boolean udp;

    /** Tests: the UDP port of the NetBIOS name probe. */
    @Option(names = "--nbns-port", hidden = true, defaultValue = "137")
    int nbnsPort;

    /** Tests: speak SMB directly (as on 445) on this port too. */
    @Option(names = "--smb-port", hidden = true, paramLabel = "PORT")
    List<Integer> smbPorts = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (options.root != null) {
            throw new BadInputException("--root does not apply to 'ferret exposure' (it probes the network)");
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new BadInputException("--concurrency: must be 1 to 1024");
        }
        if (timeoutMillis < 10 || timeoutMillis > 120_000) {
            throw new BadInputException("--timeout: must be 10 to 120000 ms");
        }
        double perSecond = parseRate(rate);
        if (udp) {
            checkPort(nbnsPort, "--nbns-port");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        List<ExposureScan.PortSpec> specs = new ArrayList<>();
        for (int p : smbPorts) {
            checkPort(p, "--smb-port");
            if (seen.add(p)) {
                specs.add(new ExposureScan.PortSpec(p, ExposureScan.Kind.SMB_DIRECT));
            }
        }
        for (int p : ports == null ? List.<Integer>of() : ports) {
            checkPort(p, "--ports");
            if (seen.add(p)) {
                specs.add(ExposureScan.PortSpec.of(p));
            }
        }
        if (specs.isEmpty()) {
            throw new BadInputException("--ports: no port given");
        }
        ReportWriter.validate(options);
        List<InetAddress> addresses;
        try {
            addresses = Targets.parse(targets, targetsFile, InetAddress::getByName);
        } catch (Targets.TargetException e) {
            throw new BadInputException(e.getMessage());
        }
        Instant started = Instant.now();
        ExposureScan scan = new ExposureScan(new ExposureScan.Options(specs, concurrency, perSecond, timeoutMillis,
                udp ? nbnsPort : 0),
                new RateLimiter(perSecond, RateLimiter.SYSTEM));
        List<HostResult> hosts = scan.run(addresses);
        Instant finished = Instant.now();
        List<Finding> findings = new ArrayList<>(ExposureFindings.of(hosts));
        findings.sort((a, b) -> Integer.compare(b.score(), a.score()));

        Coverage coverage = new Coverage();
        coverage.add("exposure", "hosts", hosts.size());
        coverage.add("exposure", "connections", scan.connections());
        hosts.forEach(h -> coverage.count("exposure", "verdict " + h.verdict().word()));
        coverage.note(String.format("exposure sweep: ports %s" + (udp ? " + UDP " + nbnsPort : "") + ", concurrency %d, rate %.1f/s, timeout %d ms",
                specs.stream().map(s -> String.valueOf(s.port())).toList(), concurrency, perSecond, timeoutMillis));
        for (HostResult h : hosts) {
            if (h.verdict() == dev.ferret.exposure.Verdict.UNKNOWN) {
                coverage.gap("exposure", "check not completed", h.ip());
            }
        }
        Snapshot snapshot = new Snapshot(Path.of("/"), true, coverage);
        snapshot.host(new HostInfo(localName(), Platform.current().family(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), null));
        ScanResult result = new ScanResult(new ScanRequest(EnumSet.of(Area.NETWORK), Path.of("/"), true, null, null),
                snapshot, findings, started, finished);

        PrintWriter err = spec.commandLine().getErr();
        if (!options.quiet) {
            ExposureFindings.table(hosts).forEach(l -> err.println(Printable.guard(l))); // names and replies from the network
            err.flush();
        }
        List<Path> written = ReportWriter.write(result, options, System.out);
        if (!options.quiet && !written.isEmpty()) {
            err.println("ferret: report: " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            err.flush();
        }
        return result.count(options.failOn) > 0 ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
    }

    static double parseRate(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new BadInputException("--rate: '" + text + "' is not a number of connections per second");
        }
        if (!(v >= 0.1) || v > 100_000) {
            throw new BadInputException("--rate: must be 0.1 to 100000 per second");
        }
        return v;
    }

    private static void checkPort(int p, String option) {
        if (p < 1 || p > 65535) {
            throw new BadInputException(option + ": " + p + " is not a TCP port");
        }
    }

    private static String localName() {
        // the kernel's name, read as a stream (procfs); no lookup, so no packet leaves for it
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("/proc/sys/kernel/hostname"))) {
            String name = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "localhost" : name;
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("COMPUTERNAME");
            return env != null ? env : "localhost";
        }
    }
}
