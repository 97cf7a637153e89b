package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A supervisord configuration kept out of sight or started the way no package starts it: the configuration
 * (or a file it includes) in a hidden or temp directory, and/or supervisord launched from a login profile or a
 * cron job rather than its service (THREATS case 1: /etc/profile.d/supervisor.sh runs
 * {@code supervisord -c /etc/.supervisor/supervisord.conf}). A running supervisord with that configuration is
 * named as evidence. Weights: the suspicious-path and file-name IOC data, and
 * {@code persistence.supervisord.launch.weight}.
 */
public final class SupervisordConfigDetector implements Detector {
    static final String ID = "linux.persistence.supervisord-hidden-config";

    @Override
    public String id() {
        return ID;
    }


    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        Rule rule = context.data().rules().rule(ID);
        List<Finding> findings = new ArrayList<>();
        int launchWeight = context.data().thresholds().integer("persistence.supervisord.launch.weight");
        for (SupervisordFacts.Config config : SupervisordFacts.of(snapshot).configs.values()) {
            Finding.Builder f = Finding.builder(ID, "supervisord configuration hidden or started from a login "
                    + "script").category("persistence", "file").technique(rule.technique("supervisord"));
            for (Reason r : Hints.pathReasons(config.path, context, 1.0)) {
                f.reason("supervisord configuration " + r.text(), r.weight()).technique(rule.technique("hidden-files"));
            }
            if (config.entry != null) {
                for (String include : config.entry.references()) {
                    if (!include.startsWith(parent(config.path))) {
                        for (Reason r : Hints.pathReasons(include, context, 1.0)) {
                            f.reason("included file " + r.text(), r.weight());
                        }
                    }
                }
            }
            for (SupervisordFacts.Launch launch : config.launches) {
                if (launch.unusual()) {
                    PersistenceEntry at = launch.line().entry();
                    f.reason("supervisord is started from " + Hints.label(at) + " (" + Hints.quote(at.command())
                            + "), not by its service: it starts again "
                            + (at.kind().equals(Hints.CRON) ? "on every cron run" : "at every login"), launchWeight)
                            .technique(Hints.technique(rule, at.kind()));
                }
            }
            if (!f.hasReasons()) {
                continue;
            }
            for (ProcessInfo p : config.processes) {
                f.reason("running: pid " + p.pid() + " " + Hints.quote(p.commandLine()), 0);
            }
            if (!config.processes.isEmpty()) {
                f.process(config.processes.get(0));
            }
            PersistenceEntry entry = config.entry != null ? config.entry
                    : config.launches.isEmpty() ? null : config.launches.get(0).line().entry();
            f.persistence(entry);
            if (config.entry != null) {
                Hints.addRecent(f, config.entry, context);
                if (config.entry.references().isEmpty()) {
                    f.reason(config.path + " includes no program files", 0);
                }
            } else {
                f.reason(config.path + " could not be read (missing, or not readable by the scan)", 0);
            }
            f.file(Hints.file(snapshot, context, config.path));
            Responses.preserve(f, config.path);
            for (SupervisordFacts.Launch launch : config.launches) {
                if (launch.unusual()) {
                    Responses.preserve(f, launch.line().entry().path());
                }
            }
            String pids = config.processes.isEmpty() ? "" : " (pid " + config.processes.stream()
                    .map(p -> Integer.toString(p.pid())).reduce((a, b) -> a + ", " + b).orElse("") + ")";
            f.respond("stop the supervisord running " + config.path + pids + ": supervisorctl -c " + config.path
                    + " shutdown, or kill it — its programs come back while it runs");
            for (SupervisordFacts.Launch launch : config.launches) {
                if (launch.unusual()) {
                    Responses.remove(f, launch.line().entry(), launch.wholeFile());
                }
            }
            f.respond("remove " + config.path + (config.entry != null && !config.entry.references().isEmpty()
                    ? " and the files it includes: " + String.join(", ", config.entry.references()) : ""));
            findings.add(f.build());
        }
        return findings;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash + 1);
    }
}
