package dev.ferret.detect.access;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;
import dev.ferret.data.WeightedPatterns;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The access detectors' lists (signatures/detect): exposed-services.txt, root-services.txt, outdated-services.txt and
 * history-commands.txt. Loaded once; malformed lines are skipped and reported as {@code file:line: problem} in the
 * coverage notes of every scan that uses them. (When DetectionData learns these files, this class goes away.)
 */
final class AccessData {
    private static final String BASE = "ferret/signatures/detect/";

    /** One exposed-service line. {@code process} may be null. */
    record ExposedService(int port, String service, int score, Pattern process, String description) {
    }

    private static volatile AccessData builtIn;

    private final List<ExposedService> exposed = new ArrayList<>();
    private final WeightedPatterns rootServices;
    private final WeightedPatterns outdated;
    private final WeightedPatterns historyCommands;
    private final List<String> problems = new ArrayList<>();

    static AccessData builtIn() {
        AccessData d = builtIn;
        if (d == null) {
            d = new AccessData(DataFileReader.readResource(BASE + "exposed-services.txt"),
                    DataFileReader.readResource(BASE + "root-services.txt"),
                    DataFileReader.readResource(BASE + "outdated-services.txt"),
                    DataFileReader.readResource(BASE + "history-commands.txt"));
            builtIn = d;
        }
        return d;
    }

    AccessData(List<DataLine> exposedLines, List<DataLine> root, List<DataLine> outdatedLines, List<DataLine> history) {
        for (DataLine line : exposedLines) {
            String[] f = line.text().split(";", 4);
            try {
                if (f.length < 3) {
                    throw new IllegalArgumentException("expected 'port;service;score[;process-regex]'");
                }
                int port = Integer.parseInt(f[0].strip());
                int score = Integer.parseInt(f[2].strip());
                if (port < 1 || port > 65535 || score < 0 || score > 100 || f[1].isBlank()) {
                    throw new IllegalArgumentException("port must be 1-65535, score 0-100, service non-empty");
                }
                Pattern process = f.length > 3 && !f[3].isBlank() ? Pattern.compile(f[3].strip()) : null;
                exposed.add(new ExposedService(port, f[1].strip(), score, process, line.comment()));
            } catch (NumberFormatException e) {
                problems.add(line.where() + ": port and score must be numbers");
            } catch (PatternSyntaxException e) {
                problems.add(line.where() + ": invalid regular expression (" + e.getDescription() + ")");
            } catch (IllegalArgumentException e) {
                problems.add(line.where() + ": " + e.getMessage());
            }
        }
        rootServices = WeightedPatterns.parse(root, false, problems);
        outdated = WeightedPatterns.parse(outdatedLines, true, problems);
        historyCommands = WeightedPatterns.parse(history, true, problems);
    }

    List<ExposedService> exposed() {
        return List.copyOf(exposed);
    }

    WeightedPatterns rootServices() {
        return rootServices;
    }

    WeightedPatterns outdated() {
        return outdated;
    }

    WeightedPatterns historyCommands() {
        return historyCommands;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Puts the data problems into the scan's coverage notes (once per note). */
    void report(Snapshot snapshot) {
        problems.forEach(p -> snapshot.coverage().note("access data: " + p));
    }
}
