package dev.ferret.collect.windows;

import dev.ferret.collect.files.SweepLocations;
import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default sweep roots on Windows, from signatures' sweep-roots-windows.txt: environment variables expanded,
 * {@code *} levels listed, roots inside another root dropped, and "recent-days=N" folders turned into the files
 * written there lately. Links are not followed when listing.
 */
public final class WindowsSweepRoots {
    static final String RESOURCE = "ferret/signatures/detect/sweep-roots-windows.txt";
    private static final Pattern VARIABLE = Pattern.compile("%([A-Za-z0-9_()]+)%");
    private static final Pattern RECENT = Pattern.compile("\\s+recent-days=(\\d+)\\s*$");
    /** A folder with more entries than this is listed only this far for "recent" files. */
    private static final int MAX_LISTED = 100_000;

    static final String LOCATIONS = "ferret/signatures/detect/sweep-locations-windows.txt";

    private WindowsSweepRoots() {
    }

    /** The listed places with their roles (sweep-locations-windows.txt), variables expanded, for the location sweep. */
    public static SweepLocations locations() {
        Map<String, String> env = System.getenv();
        Function<String, String> lookup = name -> env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        List<SweepLocations.Location> out = new ArrayList<>();
        for (DataLine line : DataFileReader.readResource(LOCATIONS)) {
            int semi = line.text().indexOf(';');
            expand(line.text().substring(semi + 1).strip(), lookup).filter(p -> out.stream()
                            .noneMatch(o -> o.path().equalsIgnoreCase(p)))
                    .ifPresent(p -> out.add(new SweepLocations.Location(line.text().substring(0, semi), p)));
        }
        return new SweepLocations(out, List.of());
    }

    /** The roots for this host (the scanner's environment, the clock now). */
    public static List<String> resolve() {
        Map<String, String> env = System.getenv();
        return resolve(DataFileReader.readResource(RESOURCE).stream().map(DataLine::text).toList(),
                name -> env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                        .findFirst().orElse(null), Instant.now());
    }

    static List<String> resolve(List<String> lines, Function<String, String> env, Instant now) {
        List<Path> roots = new ArrayList<>();
        for (String line : lines) {
            Matcher recent = RECENT.matcher(line);
            boolean recentOnly = recent.find();
            Optional<String> expanded = expand((recentOnly ? line.substring(0, recent.start()) : line).strip(), env);
            if (expanded.isEmpty()) {
                continue;
            }
            for (Path p : levels(expanded.get())) {
                if (recentOnly) {
                    roots.addAll(recentFiles(p, now.minus(Duration.ofDays(Long.parseLong(recent.group(1))))));
                } else {
                    roots.add(p);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Path p : roots) {
            Path n = p.toAbsolutePath().normalize();
            boolean covered = roots.stream().map(r -> r.toAbsolutePath().normalize())
                    .anyMatch(r -> !r.equals(n) && within(n, r));
            String text = n.toString();
            if (!covered && out.stream().noneMatch(o -> o.equalsIgnoreCase(text))) {
                out.add(text);
            }
        }
        return out;
    }

    private static boolean within(Path p, Path root) {
        return p.toString().toLowerCase(Locale.ROOT).startsWith(root.toString().toLowerCase(Locale.ROOT)
                + p.getFileSystem().getSeparator());
    }

    /** %NAME% expanded; empty when a variable is unset (the root does not exist on this host). */
    static Optional<String> expand(String pattern, Function<String, String> env) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    /** The folders a pattern names: each "*" level replaced by the real folders there (links not followed). */
    static List<Path> levels(String pattern) {
        int star = pattern.indexOf("*");
        if (star < 0) {
            Path p = Path.of(pattern);
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? List.of(p) : List.of();
        }
        // "*" is not a legal path character on Windows: walk the pattern as text, one level at a time
        String[] parts = pattern.substring(star).split("[\\\\/]+");
        List<Path> current = new ArrayList<>(List.of(Path.of(pattern.substring(0, star))));
        for (String part : parts) {
            List<Path> next = new ArrayList<>();
            for (Path base : current) {
                if (!part.equals("*")) {
                    next.add(base.resolve(part));
                    continue;
                }
                try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
                    List<Path> found = new ArrayList<>();
                    for (Path c : children) {
                        if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                            found.add(c);
                        }
                    }
                    found.sort(null); // a stable order: reports of two scans compare line by line
                    next.addAll(found);
                } catch (IOException | RuntimeException e) {
                    // unreadable level: nothing below it is a root
                }
            }
            current = next;
        }
        return current.stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }

    /** Regular files directly in {@code folder} modified since {@code since}. */
    static List<Path> recentFiles(Path folder, Instant since) {
        List<Path> out = new ArrayList<>();
        int listed = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path c : children) {
                if (++listed > MAX_LISTED) {
                    break;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && !a.lastModifiedTime().toInstant().isBefore(since)) {
                        out.add(c);
                    }
                } catch (IOException e) {
                    // vanished or unreadable: the sweep would not read it either
                }
            }
        } catch (IOException | RuntimeException e) {
            // folder unreadable: no recent files from it
        }
        return out;
    }
}
