package dev.ferret.model.access;

import dev.ferret.model.Snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the access collectors saw on one scanned host: logins, failed-login summaries, boots, log files and
 * their activity, login-record files, lastlog, histories, authorized keys, recently changed files, package
 * mismatches, service settings and versions, the journal. Collectors add; detectors read copies. Thread-safe.
 * Reached through {@link AccessSnapshot#of(Snapshot)} until {@link Snapshot} can hold it.
 */
public final class AccessFacts {
    /** The coverage area of everything here. */
    public static final String AREA = "access";
    /** Timestamps further than this ahead of the scanner's clock are junk, not "the newest event". */
    private static final Duration FUTURE_SLACK = Duration.ofDays(2);

    private final List<LoginEvent> logins = new ArrayList<>();
    private final List<FailureSummary> failures = new ArrayList<>();
    private final List<BootRecord> boots = new ArrayList<>();
    private final List<LogFileState> logFiles = new ArrayList<>();
    private final List<LogActivity> activity = new ArrayList<>();
    private final List<UtmpFileState> utmpFiles = new ArrayList<>();
    private final List<LastLogEntry> lastlog = new ArrayList<>();
    private final List<HistoryFile> histories = new ArrayList<>();
    private final List<HistoryCommand> commands = new ArrayList<>();
    private final List<HistorySetting> historySettings = new ArrayList<>();
    private final List<KeyEntry> keys = new ArrayList<>();
    private final List<FileChange> fileChanges = new ArrayList<>();
    private final List<PackageFile> packageFiles = new ArrayList<>();
    private final List<ServiceConfig> serviceConfigs = new ArrayList<>();
    private final List<ServiceVersion> versions = new ArrayList<>();
    private JournalState journal;
    private Instant latestEvent;
    private Instant timelineSince;

    public synchronized void addLogins(List<LoginEvent> values) {
        logins.addAll(values);
    }

    public synchronized List<LoginEvent> logins() {
        return List.copyOf(logins);
    }

    public synchronized void addFailures(List<FailureSummary> values) {
        failures.addAll(values);
    }

    public synchronized List<FailureSummary> failures() {
        return List.copyOf(failures);
    }

    public synchronized void addBoots(List<BootRecord> values) {
        boots.addAll(values);
    }

    public synchronized List<BootRecord> boots() {
        return List.copyOf(boots);
    }

    public synchronized void addLogFile(LogFileState value) {
        logFiles.add(value);
    }

    public synchronized List<LogFileState> logFiles() {
        return List.copyOf(logFiles);
    }

    public synchronized void addActivity(LogActivity value) {
        activity.add(value);
    }

    public synchronized List<LogActivity> activity() {
        return List.copyOf(activity);
    }

    public synchronized void addUtmpFile(UtmpFileState value) {
        utmpFiles.add(value);
    }

    public synchronized List<UtmpFileState> utmpFiles() {
        return List.copyOf(utmpFiles);
    }

    public synchronized void addLastLog(List<LastLogEntry> values) {
        lastlog.addAll(values);
    }

    public synchronized List<LastLogEntry> lastlog() {
        return List.copyOf(lastlog);
    }

    public synchronized void addHistory(HistoryFile file, List<HistoryCommand> lines) {
        histories.add(file);
        commands.addAll(lines);
    }

    public synchronized List<HistoryFile> histories() {
        return List.copyOf(histories);
    }

    public synchronized List<HistoryCommand> commands() {
        return List.copyOf(commands);
    }

    public synchronized void addHistorySettings(List<HistorySetting> values) {
        historySettings.addAll(values);
    }

    public synchronized List<HistorySetting> historySettings() {
        return List.copyOf(historySettings);
    }

    public synchronized void addKeys(List<KeyEntry> values) {
        keys.addAll(values);
    }

    public synchronized List<KeyEntry> keys() {
        return List.copyOf(keys);
    }

    public synchronized void addFileChanges(List<FileChange> values, Instant since) {
        fileChanges.addAll(values);
        timelineSince = since;
    }

    public synchronized List<FileChange> fileChanges() {
        return List.copyOf(fileChanges);
    }

    /** The start of the file-timeline window, null when the timeline was not collected. */
    public synchronized Instant timelineSince() {
        return timelineSince;
    }

    public synchronized void addPackageFiles(List<PackageFile> values) {
        packageFiles.addAll(values);
    }

    public synchronized List<PackageFile> packageFiles() {
        return List.copyOf(packageFiles);
    }

    public synchronized void addServiceConfigs(List<ServiceConfig> values) {
        serviceConfigs.addAll(values);
    }

    public synchronized List<ServiceConfig> serviceConfigs() {
        return List.copyOf(serviceConfigs);
    }

    public synchronized void addVersions(List<ServiceVersion> values) {
        versions.addAll(values);
    }

    public synchronized List<ServiceVersion> versions() {
        return List.copyOf(versions);
    }

    public synchronized void journal(JournalState value) {
        journal = value;
    }

    /** The journal as read, null when the journal collector did not run. */
    public synchronized JournalState journal() {
        return journal;
    }

    /** Notes the time of an event read from the host (a log line, a login record), for {@link #reference}. */
    public synchronized void sawEvent(Instant time) {
        if (time != null && time.isBefore(Instant.now().plus(FUTURE_SLACK)) && (latestEvent == null || time.isAfter(latestEvent))) {
            latestEvent = time;
        }
    }

    /** The newest event time read from the host's logs and login records, null when none. */
    public synchronized Instant latestEvent() {
        return latestEvent;
    }

    /**
     * "Now" on the scanned host: the clock for a live scan; for an image (--root), the newest event its logs hold
     * (an image examined a month after it was taken must not look a month quiet), the clock when it has none.
     */
    public Instant reference(Snapshot snapshot, Clock clock) {
        Instant latest = latestEvent();
        if (snapshot.live() || latest == null) {
            return clock.instant();
        }
        return latest;
    }
}
