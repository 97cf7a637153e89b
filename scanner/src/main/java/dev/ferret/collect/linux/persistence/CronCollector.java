package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cron and anacron jobs: /etc/crontab and /etc/cron.d/* (with a user field), the per-user spools
 * /var/spool/cron/* (RHEL: the file name is the user), /var/spool/cron/crontabs/* (Debian) and
 * /var/spool/cron/tabs/* (SUSE), /etc/anacrontab, and the run-parts directories /etc/cron.{hourly,daily,
 * weekly,monthly} (one entry per script, its whole text as command: detectors judge it line by line).
 * Comments and environment assignments are skipped; line numbers stay those of the file.
 */
public final class CronCollector extends PersistenceCollector {
    static final String KIND = "cron";
    private static final Pattern ENV = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=.*");
    private static final Pattern SCHEDULE = Pattern.compile("^\\s*(@\\w+|\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+)\\s+(.*)$");
    private static final Pattern ANACRON = Pattern.compile("^\\s*(@\\w+|\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(.*)$");
    private static final List<String> PERIODS = List.of("hourly", "daily", "weekly", "monthly");

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        systemCrontab(files, "/etc/crontab", out);
        for (String f : files.list("/etc/cron.d")) {
            systemCrontab(files, f, out);
        }
        for (String spool : List.of("/var/spool/cron", "/var/spool/cron/crontabs", "/var/spool/cron/tabs")) {
            for (String f : files.list(spool)) {
                if (!files.isDirectory(f)) {
                    userCrontab(files, f, HostFiles.name(f), out);
                }
            }
        }
        for (String period : PERIODS) {
            for (String f : files.list("/etc/cron." + period)) {
                files.read(f).filter(PersistenceCollector::worthAnEntry)
                        .ifPresent(t -> out.add(script(KIND, t, "root")));
            }
        }
        anacrontab(files, out);
    }

    private static void systemCrontab(HostFiles files, String path, List<PersistenceEntry> out) {
        files.read(path).ifPresent(text -> parse(text, null, out));
    }

    private static void userCrontab(HostFiles files, String path, String user, List<PersistenceEntry> out) {
        files.read(path).ifPresent(text -> parse(text, user, out));
    }

    /** Crontab lines; {@code user} null means a system crontab with a user field after the schedule. */
    static void parse(HostFiles.Text text, String user, List<PersistenceEntry> out) {
        if (text.binary()) {
            return;
        }
        List<String> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (HostFiles.inert(line) || ENV.matcher(line).matches()) {
                continue;
            }
            String runAs = user;
            String command;
            Matcher m = SCHEDULE.matcher(line);
            if (m.matches()) {
                command = m.group(2).strip();
                if (user == null) {
                    String[] userAndCommand = command.split("\\s+", 2);
                    runAs = userAndCommand[0];
                    command = userAndCommand.length > 1 ? userAndCommand[1].strip() : "";
                }
            } else {
                // cron rejects it, but a malformed line is still evidence: keep it whole
                command = line.strip();
            }
            out.add(new PersistenceEntry(KIND, text.hostPath(), i + 1, runAs, command, text.mtime(),
                    CommandRefs.extract(command)));
        }
    }

    private static void anacrontab(HostFiles files, List<PersistenceEntry> out) {
        files.read("/etc/anacrontab").ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (HostFiles.inert(line) || ENV.matcher(line).matches()) {
                    continue;
                }
                Matcher m = ANACRON.matcher(line);
                String command = m.matches() ? m.group(4).strip() : line.strip();
                out.add(new PersistenceEntry(KIND, text.hostPath(), i + 1, "root", command, text.mtime(),
                        CommandRefs.extract(command)));
            }
        });
    }
}
