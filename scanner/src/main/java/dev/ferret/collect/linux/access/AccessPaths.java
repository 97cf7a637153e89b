package dev.ferret.collect.linux.access;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where the access collectors look ({@code detect/access-paths.txt}): timeline roots with their role, package-verified
 * binary directories, and skip patterns; and which packages tell a server's version ({@code detect/server-packages.txt}).
 * A malformed line is reported as {@code file:line: problem} in {@link #problems()}.
 */
public final class AccessPaths {
    static final String PATHS = "ferret/signatures/detect/access-paths.txt";
    static final String PACKAGES = "ferret/signatures/detect/server-packages.txt";

    /** A timeline root. */
    public record Root(String role, String path) {
    }

    /** A package name pattern and the service it tells the version of. */
    public record ServicePackage(String service, Pattern pattern) {
    }

    private final List<Root> timeline = new ArrayList<>();
    private final List<String> verify = new ArrayList<>();
    private final List<Pattern> skips = new ArrayList<>();
    private final List<ServicePackage> packages = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private static volatile AccessPaths builtIn;

    public static AccessPaths builtIn() {
        AccessPaths p = builtIn;
        if (p == null) {
            p = new AccessPaths(DataFileReader.readResource(PATHS), DataFileReader.readResource(PACKAGES));
            builtIn = p;
        }
        return p;
    }

    AccessPaths(List<DataLine> paths, List<DataLine> servicePackages) {
        for (DataLine line : paths) {
            int semi = line.text().indexOf(';');
            if (semi <= 0) {
                problems.add(line.where() + ": expected 'role;path'");
                continue;
            }
            String role = line.text().substring(0, semi).strip();
            String value = line.text().substring(semi + 1).strip();
            switch (role) {
                case "verify" -> verify.add(value);
                case "skip" -> {
                    try {
                        skips.add(Pattern.compile(value));
                    } catch (PatternSyntaxException e) {
                        problems.add(line.where() + ": invalid regular expression (" + e.getDescription() + ")");
                    }
                }
                default -> {
                    if (!value.startsWith("/")) {
                        problems.add(line.where() + ": path must be absolute");
                    } else {
                        timeline.add(new Root(role, value));
                    }
                }
            }
        }
        for (DataLine line : servicePackages) {
            int semi = line.text().indexOf(';');
            if (semi <= 0) {
                problems.add(line.where() + ": expected 'service;package-regex'");
                continue;
            }
            try {
                packages.add(new ServicePackage(line.text().substring(0, semi).strip(),
                        Pattern.compile(line.text().substring(semi + 1).strip())));
            } catch (PatternSyntaxException e) {
                problems.add(line.where() + ": invalid regular expression (" + e.getDescription() + ")");
            }
        }
    }

    public List<Root> timeline() {
        return List.copyOf(timeline);
    }

    public List<String> verify() {
        return List.copyOf(verify);
    }

    public boolean skipped(String hostPath) {
        for (Pattern p : skips) {
            if (p.matcher(hostPath).find()) {
                return true;
            }
        }
        return false;
    }

    public List<ServicePackage> packages() {
        return List.copyOf(packages);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
