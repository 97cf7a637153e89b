package dev.ferret.detect.windows;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;
import dev.ferret.data.WeightedPattern;
import dev.ferret.data.WeightedPatterns;
import dev.ferret.data.rules.Rule;
import dev.ferret.data.rules.RuleBook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Windows detection content, as data under {@code ferret/signatures/windows/}: user-writable paths, OS signers, system
 * processes, system-like names, JIT hosts, the MS17-010 fixed-build table and the weights. Loaded once; malformed
 * lines are collected as problems, never matched loosely.
 */
public final class WindowsDetectionData {
    static final String BASE = "ferret/signatures/windows/";
    private static volatile WindowsDetectionData builtIn;

    /** A system process's expected home and parents. */
    public record SystemProcess(String name, List<String> directories, List<String> parents) {
    }

    private final List<String> problems = new ArrayList<>();
    private final WeightedPatterns userWritablePaths;
    private final WeightedPatterns systemLikeNames;
    private final Set<String> osSigners;
    private final Set<String> jitModules;
    private final Map<String, SystemProcess> systemProcesses = new LinkedHashMap<>();
    private final Ms17010Table ms17010;
    private final Properties weights = new Properties();
    private final RuleBook rules = RuleBook.builtIn();

    private WindowsDetectionData() {
        userWritablePaths = WeightedPatterns.parse(DataFileReader.readResource(BASE + "suspicious-paths.txt"), true,
                problems);
        systemLikeNames = WeightedPatterns.parse(DataFileReader.readResource(BASE + "system-like-names.txt"), true,
                problems);
        osSigners = DataFileReader.readResource(BASE + "os-signers.txt").stream().map(DataLine::text)
                .collect(Collectors.toUnmodifiableSet());
        jitModules = DataFileReader.readResource(BASE + "jit-modules.txt").stream()
                .map(l -> l.text().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (DataLine line : DataFileReader.readResource(BASE + "system-processes.txt")) {
            String[] f = line.text().split(";");
            if (f.length != 3) {
                problems.add(line.where() + ": expected 'name;directories;parents'");
                continue;
            }
            systemProcesses.put(f[0].toLowerCase(Locale.ROOT), new SystemProcess(f[0].toLowerCase(Locale.ROOT),
                    List.of(f[1].split("\\|")), List.of(f[2].toLowerCase(Locale.ROOT).split("\\|"))));
        }
        ms17010 = Ms17010Table.parse(DataFileReader.readResource(BASE + "ms17-010.txt"), problems);
        try (InputStream in = WindowsDetectionData.class.getClassLoader()
                .getResourceAsStream(BASE + "thresholds.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the build: " + BASE + "thresholds.properties");
            }
            weights.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WindowsDetectionData builtIn() {
        WindowsDetectionData d = builtIn;
        if (d == null) {
            synchronized (WindowsDetectionData.class) {
                d = builtIn;
                if (d == null) {
                    d = new WindowsDetectionData();
                    builtIn = d;
                }
            }
        }
        return d;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The strongest user-writable / temp pattern the path matches. */
    public Optional<WeightedPattern> userWritable(String path) {
        return userWritablePaths.matching(path).stream().max(Comparator.comparingInt(WeightedPattern::score));
    }

    public Optional<WeightedPattern> systemLikeName(String fileName) {
        return systemLikeNames.matching(fileName).stream().max(Comparator.comparingInt(WeightedPattern::score));
    }

    public Set<String> osSigners() {
        return osSigners;
    }

    public boolean jitModule(String fileName) {
        return fileName != null && jitModules.contains(fileName.toLowerCase(Locale.ROOT));
    }

    public Optional<SystemProcess> systemProcess(String name) {
        return Optional.ofNullable(name == null ? null : systemProcesses.get(name.toLowerCase(Locale.ROOT)));
    }

    public Set<String> systemProcessNames() {
        return systemProcesses.keySet();
    }

    public Ms17010Table ms17010() {
        return ms17010;
    }

    /** A rule's declaration (its own weights; the ones several rules share are in thresholds.properties here). */
    public Rule rule(String id) {
        return rules.rule(id);
    }

    public int weight(String key) {
        return (int) number(key);
    }

    public double number(String key) {
        String v = weights.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("weight '" + key + "' missing from " + BASE + "thresholds.properties");
        }
        return Double.parseDouble(v.strip());
    }
}
