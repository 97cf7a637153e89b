package dev.ferret.data;

import dev.ferret.data.rules.RuleBook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * All detection content a scan uses: the shipped signatures (from the signatures jar) plus the user's
 * own IOC files. Detectors read lists and thresholds from here, never from constants in code.
 */
public final class DetectionData {
    static final String BASE = "ferret/signatures/";

    private final IocSet iocs = new IocSet();
    private final List<String> problems = new ArrayList<>();
    private final WeightedPatterns minerCommandLines;
    private final WeightedPatterns persistenceCommands;
    private final WeightedPatterns suspiciousPaths;
    private final WeightedPatterns minerConfigKeys;
    private final WeightedPatterns respawnLoops;
    private final Thresholds thresholds;
    // the rule declarations are read (YAML, ~0.4 s of a cold JVM) on their own thread: the scan asks for them only
    // when its detectors run, so the collectors (the file sweep) start without waiting
    private final CompletableFuture<RuleBook> rules = CompletableFuture.supplyAsync(RuleBook::builtIn);

    private DetectionData() {
        iocs.addHashes(DataFileReader.readResource(BASE + "iocs/hash-iocs.txt"));
        iocs.addNetwork(DataFileReader.readResource(BASE + "iocs/c2-iocs.txt"));
        iocs.addPoolPorts(DataFileReader.readResource(BASE + "iocs/pool-ports.txt"));
        iocs.addFileNames(DataFileReader.readResource(BASE + "iocs/filename-iocs.txt"));
        iocs.addSshKeys(DataFileReader.readResource(BASE + "iocs/ssh-key-iocs.txt"));
        minerCommandLines = patterns("detect/miner-command-lines.txt");
        persistenceCommands = patterns("detect/persistence-commands.txt");
        suspiciousPaths = patterns("detect/suspicious-paths.txt");
        minerConfigKeys = patterns("detect/miner-config-keys.txt");
        respawnLoops = patterns("detect/respawn-loops.txt");
        thresholds = Thresholds.loadDefault();
    }

    /** The shipped content only. */
    public static DetectionData builtIn() {
        return new DetectionData();
    }

    /**
     * Shipped content plus user IOC files. A directory is read file by file; each file's kind comes from its
     * name as in community IOC sets: "hash" → hashes, "ssh" → SSH key fingerprints, "filename" → file-name patterns, "port" → pool ports,
     * anything else → addresses and domains.
     *
     * @throws IOException when a path cannot be read (bad input: the caller exits with code 2)
     */
    public static DetectionData withUserIocs(List<Path> paths) throws IOException {
        DetectionData data = new DetectionData();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString(), null, "IOC path does not exist");
            }
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    files = s.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("readme"))
                            .sorted().toList();
                }
            } else if (Files.isRegularFile(path)) {
                files = List.of(path);
            } else {
                throw new java.nio.file.FileSystemException(path.toString(), null,
                        "not a regular file or a directory (a FIFO, socket or device): refused");
            }
            for (Path file : files) {
                data.addUserFile(file);
            }
        }
        return data;
    }

    private void addUserFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<DataLine> lines = DataFileReader.read(file);
        if (name.contains("hash")) {
            iocs.addHashes(lines);
        } else if (name.contains("ssh")) {
            iocs.addSshKeys(lines);
        } else if (name.contains("filename")) {
            iocs.addFileNames(lines);
        } else if (name.contains("port")) {
            iocs.addPoolPorts(lines);
        } else if (name.contains("keyword")) {
            problems.add(file + ": keyword lists are not used yet; skipped");
        } else {
            iocs.addNetwork(lines);
        }
    }

    private WeightedPatterns patterns(String resource) {
        return WeightedPatterns.parse(DataFileReader.readResource(BASE + resource), true, problems);
    }

    public IocSet iocs() {
        return iocs;
    }

    public WeightedPatterns minerCommandLines() {
        return minerCommandLines;
    }

    /** Loop constructs: a script that loops and names the miner is its respawner. */
    public WeightedPatterns respawnLoops() {
        return respawnLoops;
    }

    public WeightedPatterns persistenceCommands() {
        return persistenceCommands;
    }

    public WeightedPatterns suspiciousPaths() {
        return suspiciousPaths;
    }

    public WeightedPatterns minerConfigKeys() {
        return minerConfigKeys;
    }

    /** The rule declarations: ids, titles, areas, ATT&CK techniques, weights and thresholds. */
    public RuleBook rules() {
        try {
            return rules.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Every unusable line, in shipped content and user files. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        all.addAll(iocs.problems());
        return all;
    }
}
