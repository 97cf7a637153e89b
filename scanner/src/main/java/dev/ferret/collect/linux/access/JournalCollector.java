package dev.ferret.collect.linux.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.BootRecord;
import dev.ferret.model.access.JournalState;
import dev.ferret.model.access.LogActivity;
import dev.ferret.model.access.LoginEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd journal, read through the platform's {@code journalctl} (the journal's file format is journald's
 * business): live, the host's journals; with --root, {@code journalctl -D <root>/var/log/journal}. Yields sshd logins
 * and failures (channel "journal"), the boots the journal knows ({@code --list-boots}), the journal's activity over
 * time, and discontinuities: sequence numbers that skip within one boot (entries removed) and clock steps back.
 * <p>
 * Bounded: the newest {@code access.journal.max.entries} entries, a time limit per journalctl run (the process is
 * killed at the limit and what it wrote is kept), lines of JSON cut at the log line cap. When there is no journal or
 * no journalctl, the coverage says so.
 */
public final class JournalCollector extends AccessCollector {
    private static final List<String> SEARCH = List.of("/usr/bin/journalctl", "/bin/journalctl", "/usr/local/bin/journalctl");
    private static final Pattern CURSOR_SEQ = Pattern.compile("(?:^|;)s=([0-9a-f]+);i=([0-9a-f]+)");
    private static final Pattern BOOT_LINE = Pattern.compile(
            "^\\s*-?\\d+\\s+([0-9a-f]{32})\\s+\\w{3},? (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) UTC\\s*\\S+?\\s*(?:\\w{3},? )?(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) UTC\\s*$");
    private static final int JUMPS_KEPT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path journalctl;

    public JournalCollector(AccessLimits limits) {
        this(limits, null);
    }

    /** With an explicit journalctl (tests); null searches the usual places. */
    public JournalCollector(AccessLimits limits, Path journalctl) {
        super(limits);
        this.journalctl = journalctl;
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        Optional<Path> tool = journalctl != null ? Optional.of(journalctl).filter(Files::isExecutable)
                : SEARCH.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        List<String> scope = new ArrayList<>();
        if (!files.snapshot().live()) {
            Optional<Path> dir = files.resolve("/var/log/journal")
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
            if (dir.isEmpty()) {
                unavailable(files, facts, "no /var/log/journal in the image (no persistent journal)");
                return;
            }
            scope.add("-D");
            scope.add(dir.get().toString());
        }
        if (tool.isEmpty()) {
            unavailable(files, facts, "journalctl not found: the journal was not read");
            return;
        }
        List<JournalState.Boot> boots = listBoots(files, tool.get(), scope);
        Reader reader = new Reader();
        List<String> cmd = new ArrayList<>(List.of(tool.get().toString(), "--no-pager", "-q", "-o", "json",
                "-n", Integer.toString(limits.journalMaxEntries()),
                "--output-fields=MESSAGE,SYSLOG_IDENTIFIER,_COMM,_PID,_BOOT_ID"));
        cmd.addAll(1, scope);
        Run run = run(cmd, line -> reader.accept(line, files));
        if (reader.entries == 0 && run.stderr.contains("output-fields")) {
            // systemd before 236 has no --output-fields: the same query with every field
            cmd.removeIf(a -> a.startsWith("--output-fields"));
            run = run(cmd, line -> reader.accept(line, files));
        }
        if (run.failed != null) {
            unavailable(files, facts, "journalctl could not run: " + run.failed);
            return;
        }
        if (run.timedOut) {
            files.gap("journalctl stopped at its time limit (access.journal.timeout.seconds): entries read so far kept",
                    String.join(" ", cmd));
        }
        if (reader.entries == 0) {
            String why = run.stderr.isBlank() ? "the journal holds no entries" : run.stderr.strip().lines().findFirst().orElse("");
            unavailable(files, facts, "journal: " + why);
            return;
        }
        if (reader.malformed > 0) {
            files.gap("malformed journal entries (not JSON, or cut): skipped", "journalctl (" + reader.malformed + ")");
        }
        files.count("journal entries read", reader.entries);
        files.count("malformed journal entries", reader.malformed);
        if (boots.isEmpty()) {
            boots = reader.boots();
        }
        facts.journal(new JournalState(true, files.snapshot().live() ? "live journal" : String.join(" ", scope),
                reader.entries, boots, reader.jumps));
        List<BootRecord> bootRecords = new ArrayList<>();
        for (JournalState.Boot b : boots) {
            if (b.first() != null) {
                bootRecords.add(new BootRecord(b.first(), false, "journal boot " + b.id()));
            }
        }
        facts.addBoots(bootRecords);
        facts.addLogins(reader.logins);
        facts.addFailures(reader.failures.summaries());
        LogActivity activity = reader.times.summary("journal", List.of("journal"));
        if (activity != null) {
            facts.addActivity(activity);
        }
        facts.sawEvent(reader.last);
    }

    private static void unavailable(AccessFiles files, AccessFacts facts, String why) {
        files.snapshot().coverage().note("access: " + why);
        facts.journal(new JournalState(false, why, 0, List.of(), List.of()));
    }

    private List<JournalState.Boot> listBoots(AccessFiles files, Path tool, List<String> scope) {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "--no-pager", "-q", "--list-boots"));
        cmd.addAll(1, scope);
        List<JournalState.Boot> boots = new ArrayList<>();
        Run run = run(cmd, line -> {
            Matcher m = BOOT_LINE.matcher(line);
            if (m.matches()) {
                try {
                    boots.add(new JournalState.Boot(m.group(1), utc(m.group(2)), utc(m.group(3))));
                } catch (DateTimeParseException e) {
                    // an unexpected format: the boots come from the entries instead
                }
            }
        });
        if (run.timedOut) {
            files.gap("journalctl --list-boots stopped at its time limit", String.join(" ", cmd));
        }
        return boots;
    }

    private static Instant utc(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /** The outcome of one journalctl run. */
    private static final class Run {
        boolean timedOut;
        String failed;
        String stderr = "";
    }

    /** Runs journalctl with a time limit, handing each stdout line (cut at the line cap) to {@code sink}. */
    private Run run(List<String> cmd, java.util.function.Consumer<String> sink) {
        Run run = new Run();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "UTC");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("SYSTEMD_PAGER", "");
        pb.environment().put("SYSTEMD_COLORS", "0");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            run.failed = e.getMessage();
            return run;
        }
        AtomicBoolean killed = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journalctl-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.schedule(() -> {
            killed.set(true);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }, limits.journalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                byte[] b = new byte[4096];
                for (int n; (n = e.read(b)) > 0; ) {
                    if (err.size() < 4096) {
                        err.write(b, 0, Math.min(n, 4096 - err.size()));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "journalctl-stderr");
        drain.setDaemon(true);
        drain.start();
        try (BoundedLines lines = new BoundedLines(p.getInputStream(), Math.max(limits.logMaxLineBytes(), 65_536))) {
            for (BoundedLines.Line line; (line = lines.next()) != null; ) {
                sink.accept(line.overlong() ? "\u0000" : line.text());
            }
        } catch (IOException e) {
            // killed at the time limit, or the pipe broke: keep what was read
        } finally {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
                drain.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
            watchdog.shutdownNow();
        }
        run.timedOut = killed.get();
        run.stderr = err.toString(StandardCharsets.UTF_8);
        return run;
    }

    /** Folds journalctl's JSON lines into facts. */
    private final class Reader {
        final Timestamps times = new Timestamps(limits.logMaxTimestamps());
        final LoginAggregator failures = new LoginAggregator("journal");
        final List<LoginEvent> logins = new ArrayList<>();
        final List<JournalState.Jump> jumps = new ArrayList<>();
        final Map<String, Instant[]> bootSpans = new LinkedHashMap<>();
        final Map<String, long[]> lastSeq = new HashMap<>();
        final Map<String, Instant> lastTime = new HashMap<>();
        final AuthMessages messages = new AuthMessages();
        long entries;
        long malformed;
        Instant last;

        void accept(String line, AccessFiles files) {
            if (line.isEmpty()) {
                return;
            }
            JsonNode n;
            try {
                n = line.indexOf('\u0000') >= 0 ? null : JSON.readTree(line);
            } catch (IOException e) {
                n = null;
            }
            if (n == null || !n.isObject() || !n.hasNonNull("__REALTIME_TIMESTAMP")) {
                malformed++;
                return;
            }
            entries++;
            Instant at;
            try {
                long micros = Long.parseLong(n.get("__REALTIME_TIMESTAMP").asText());
                at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
            } catch (NumberFormatException e) {
                malformed++;
                return;
            }
            times.add(at);
            last = last == null || at.isAfter(last) ? at : last;
            String boot = text(n, "_BOOT_ID");
            Instant[] span = bootSpans.computeIfAbsent(boot, b -> new Instant[] {at, at});
            span[0] = at.isBefore(span[0]) ? at : span[0];
            span[1] = at.isAfter(span[1]) ? at : span[1];
            Matcher c = CURSOR_SEQ.matcher(text(n, "__CURSOR"));
            if (c.find()) {
                String key = c.group(1) + "/" + boot;
                long seq = Long.parseUnsignedLong(c.group(2), 16);
                long[] prev = lastSeq.get(key);
                Instant prevTime = lastTime.get(key);
                if (prev != null && seq > prev[0] + 1 && jumps.size() < JUMPS_KEPT) {
                    jumps.add(new JournalState.Jump("sequence", at, prevTime, prev[0], seq, boot));
                }
                if (prevTime != null && at.isBefore(prevTime.minusSeconds(60)) && jumps.size() < JUMPS_KEPT) {
                    jumps.add(new JournalState.Jump("time", at, prevTime, prev == null ? -1 : prev[0], seq, boot));
                }
                lastSeq.put(key, new long[] {seq});
                lastTime.put(key, at);
            }
            String ident = text(n, "SYSLOG_IDENTIFIER");
            if (ident.isEmpty()) {
                ident = text(n, "_COMM");
            }
            String message = message(n.get("MESSAGE"));
            int pid;
            try {
                pid = Integer.parseInt(text(n, "_PID"));
            } catch (NumberFormatException e) {
                pid = -1;
            }
            AuthMessages.Event e = messages.parse(ident, pid, message);
            String origin = "journal " + (boot.length() > 8 ? boot.substring(0, 8) : boot) + " " + at;
            if (e instanceof AuthMessages.Success s && logins.size() < limits.loginsMax()) {
                logins.add(new LoginEvent(at, s.user(), s.source(), s.service(), s.method(), null, s.fingerprint(),
                        "journal", origin));
            } else if (e instanceof AuthMessages.Failure f) {
                failures.failure(f.source(), f.user(), at, f.times(), origin);
            }
        }

        List<JournalState.Boot> boots() {
            List<JournalState.Boot> out = new ArrayList<>();
            bootSpans.forEach((id, span) -> out.add(new JournalState.Boot(id, span[0], span[1])));
            out.sort((a, b) -> a.first().compareTo(b.first()));
            return out;
        }

        private String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? "" : v.asText();
        }

        /** MESSAGE is a string, or an array of bytes when it is not valid UTF-8. */
        private String message(JsonNode v) {
            if (v == null || v.isNull()) {
                return "";
            }
            if (v.isArray()) {
                byte[] b = new byte[Math.min(v.size(), 4096)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) v.get(i).asInt();
                }
                return new String(b, StandardCharsets.UTF_8);
            }
            return v.asText();
        }
    }
}
