package dev.ferret.detect.persistence;

import dev.ferret.collect.linux.persistence.SupervisordCollector;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * How the supervisord configurations of a snapshot hang together: which main configuration each program file
 * belongs to (through {@code [include]}), and what starts each main configuration — a line of a start-up file,
 * cron job, init script or unit ({@code supervisord -c PATH}), or a running supervisord process.
 */
final class SupervisordFacts {
    /** A line that starts supervisord with a configuration. */
    record Launch(EntryLines.Line line, String config, boolean wholeFile) {
        /** Login profiles and cron are not how supervisord is run by its package: a sign of a planted copy. */
        boolean unusual() {
            String kind = line.entry().kind();
            return kind.equals(Hints.PROFILE) || kind.equals(Hints.CRON);
        }
    }

    /** One main configuration: its entry (null when it was not read), launches and processes. */
    static final class Config {
        final String path;
        PersistenceEntry entry;
        final List<Launch> launches = new ArrayList<>();
        final List<ProcessInfo> processes = new ArrayList<>();

        Config(String path) {
            this.path = path;
        }
    }

    final Map<String, Config> configs = new LinkedHashMap<>();

    static SupervisordFacts of(Snapshot snapshot) {
        SupervisordFacts facts = new SupervisordFacts();
        for (PersistenceEntry e : snapshot.persistence()) {
            if (isConfig(e)) {
                facts.config(e.path()).entry = e;
            }
        }
        for (PersistenceEntry e : snapshot.persistence()) {
            if (e.kind().equals(Hints.SUPERVISORD) || e.kind().equals(Hints.SSH_KEY) || e.kind().equals(Hints.PRELOAD)
                    || e.command() == null || !e.command().contains("supervisord")) {
                continue;
            }
            boolean wholeFile = EntryLines.wholeFile(e);
            for (EntryLines.Line line : EntryLines.of(e)) {
                Matcher m = SupervisordCollector.LAUNCH.matcher(line.text());
                while (m.find()) {
                    facts.config(m.group(1)).launches.add(new Launch(line, m.group(1), wholeFile));
                }
            }
        }
        for (ProcessInfo p : snapshot.processes()) {
            for (String config : SupervisordCollector.fromProcesses(List.of(p))) {
                facts.config(config).processes.add(p);
            }
        }
        return facts;
    }

    static boolean isConfig(PersistenceEntry e) {
        return e.kind().equals(Hints.SUPERVISORD) && e.line() == 0 && e.command() != null
                && e.command().startsWith(SupervisordCollector.CONFIG_COMMAND);
    }

    private Config config(String path) {
        return configs.computeIfAbsent(path, Config::new);
    }

    /** The main configurations a program file belongs to: itself, or those that include it. */
    List<Config> owners(String programFile) {
        List<Config> out = new ArrayList<>();
        for (Config c : configs.values()) {
            if (c.path.equals(programFile) || (c.entry != null && c.entry.references().contains(programFile))) {
                out.add(c);
            }
        }
        return out;
    }
}
