package dev.ferret.cli;

import dev.ferret.model.Severity;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every scanning command shares. */
public final class CommonOptions {
    /** Report formats. */
    public enum Format { text, jsonl, json, csv, html }

    @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "text",
            description = "Report format(s): ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Several "
                    + "(jsonl,html or repeated) write one file each into the --output directory.")
    List<Format> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Write the report to this file, or into this directory as "
                    + "ferret-<host>-<time>.<ext>. Default: standard output. A symlink is refused.")
    Path output;

    @Option(names = "--syslog", paramLabel = "HOST:PORT",
            description = "Also send every finding and the closing state record to this syslog collector.")
    String syslog;

    @Option(names = "--syslog-protocol", paramLabel = "PROTO", defaultValue = "udp",
            description = "udp, tcp or tls (default: ${DEFAULT-VALUE}).")
    String syslogProtocol;

    @Option(names = "--syslog-format", paramLabel = "FORMAT", defaultValue = "rfc5424",
            description = "rfc5424 (JSON message) or cef (default: ${DEFAULT-VALUE}).")
    String syslogFormat;

    @Option(names = "--post", paramLabel = "URL",
            description = "Also POST the JSON Lines report to this HTTP(S) collector (bounded retries).")
    String post;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Examine a mounted disk image at DIR instead of the running host (files and "
                    + "persistence only; processes and sockets need the live system).")
    Path root;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            converter = SeverityConverter.class,
            description = "Exit with code 1 when a finding is at least this severe: info, low, medium, high, "
                    + "critical (default: ${DEFAULT-VALUE}).")
    Severity failOn;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on the terminal but errors.")
    boolean quiet;

    @Option(names = "--show", paramLabel = "SEVERITY", defaultValue = "low", converter = SeverityConverter.class,
            description = "Lowest severity listed in the text report (default: ${DEFAULT-VALUE}); all are counted.")
    Severity show;

    @Option(names = "--no-facts", negatable = false,
            description = "Leave collected facts (processes, sockets, persistence entries) out of JSON reports.")
    boolean noFacts;

    @Option(names = "--cpu-window", paramLabel = "SECONDS", defaultValue = "1.0",
            description = "How long CPU use is sampled (default: ${DEFAULT-VALUE} s).")
    double cpuWindow;

    @Option(names = "--rules", paramLabel = "PATH",
            description = "Add YARA rules: a .yar file, a directory of them, or compiled rules. Repeatable. "
                    + "Rules that do not compile are reported and skipped.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Use only the rules given with --rules.")
    boolean noBuiltinRules;

    @Option(names = "--trust-key", paramLabel = "FILE",
            description = "Trust compiled rules signed by this Ed25519 public key (PEM, from 'ferret rules keygen'), "
                    + "besides the shipped keys. Repeatable.")
    List<Path> trustKeys = new ArrayList<>();

    @Option(names = "--full", description = "Sweep the whole filesystem (default: the places malware lives), "
            + "tool caches in homes included.")
    boolean full;

    @Option(names = "--paranoid", description = "Trust nothing: YARA-scan package-verified files too, and "
            + "enter tool caches.")
    boolean paranoid;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Keep sweep results in FILE (keyed by inode, size, times and rules) so an unchanged "
                    + "re-sweep takes seconds. Off unless given; ignored with --paranoid.")
    Path cache;

    @Option(names = "--max-file-size", paramLabel = "MIB", defaultValue = "-1",
            description = "Skip (and count) larger files in the sweep (default: from thresholds, 100 MiB).")
    long maxFileSizeMib;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads for the sweep and memory scan (default: one per CPU).")
    int threads;

    @Option(names = "--iocs", paramLabel = "PATH",
            description = "Add IOC files (or a directory of them) in the community format: hash;description, "
                    + "ip-or-domain;description, regex;score. Repeatable.")
    List<Path> iocs = new ArrayList<>();
}
