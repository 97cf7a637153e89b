package dev.ferret.collect.linux.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.HistoryCommand;
import dev.ferret.model.access.HistoryFile;
import dev.ferret.model.access.HistorySetting;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shell and client histories of every account (bash, zsh, sh/ash, fish, mysql), each as a file fact — present,
 * empty, a link (to /dev/null), size, time — plus its newest commands with their times where the shell wrote them
 * (bash {@code #epoch} lines, zsh extended history, fish {@code when:}); and the lines of system and user start-up
 * files that change where or whether history is kept.
 */
public final class HistoryCollector extends AccessCollector {
    /** History file (relative to the home) and the shell that writes it. */
    private static final List<String[]> FILES = List.of(
            new String[] {".bash_history", "bash"}, new String[] {".zsh_history", "zsh"},
            new String[] {".zhistory", "zsh"}, new String[] {".histfile", "zsh"}, new String[] {".sh_history", "sh"},
            new String[] {".ash_history", "ash"}, new String[] {".history", "sh"},
            new String[] {".local/share/fish/fish_history", "fish"}, new String[] {".mysql_history", "mysql"});
    private static final List<String> SYSTEM_RC = List.of("/etc/profile", "/etc/bash.bashrc", "/etc/bashrc",
            "/etc/zsh/zshrc", "/etc/zsh/zshenv", "/etc/zshrc", "/etc/environment");
    private static final List<String> USER_RC = List.of(".bashrc", ".bash_profile", ".bash_login", ".profile",
            ".bash_logout", ".zshrc", ".zshenv", ".zprofile");
    private static final Pattern SETTING = Pattern.compile(
            "\\b(HISTFILE|HISTSIZE|HISTFILESIZE|SAVEHIST)\\b|set\\s+\\+o\\s+history|history\\s+-c");
    private static final Pattern BASH_TIME = Pattern.compile("^#(\\d{9,11})$");
    private static final Pattern ZSH_EXTENDED = Pattern.compile("^: (\\d{9,11}):\\d+;(.*)$");
    private static final Pattern FISH_CMD = Pattern.compile("^- cmd: (.*)$");
    private static final Pattern FISH_WHEN = Pattern.compile("^\\s+when: (\\d{9,11})$");
    private static final int MAX_BYTES = 4 << 20;
    private static final int RC_BYTES = 1 << 20;

    public HistoryCollector(AccessLimits limits) {
        super(limits);
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        Users users = Users.of(files);
        List<HistorySetting> settings = new ArrayList<>();
        List<String> rc = new ArrayList<>(SYSTEM_RC);
        files.list("/etc/profile.d").stream().filter(p -> p.endsWith(".sh")).forEach(rc::add);
        for (String path : rc) {
            settings(files, path, null, settings);
        }
        int histories = 0;
        for (Map.Entry<String, String> home : users.homes(files).entrySet()) {
            String dir = home.getKey();
            String user = home.getValue();
            for (String name : USER_RC) {
                settings(files, dir + "/" + name, user, settings);
            }
            for (String[] f : FILES) {
                String path = dir + "/" + f[0];
                Optional<String> link = files.linkTarget(path);
                Optional<Path> unresolved = files.unresolved(path);
                boolean exists = unresolved.isPresent() && (link.isPresent() || Files.exists(unresolved.get(),
                        LinkOption.NOFOLLOW_LINKS));
                if (!exists) {
                    continue;
                }
                histories++;
                if (link.isPresent()) {
                    facts.addHistory(new HistoryFile(user, path, f[1], true, link.get(), 0,
                            AccessFiles.stat(unresolved.get()).map(AccessFiles.Stat::mtime).orElse(null), 0), List.of());
                    continue;
                }
                read(files, facts, user, path, f[1]);
            }
        }
        files.count("history files", histories);
        facts.addHistorySettings(settings);
    }

    private void read(AccessFiles files, AccessFacts facts, String user, String path, String shell) {
        Optional<Path> real = files.regular(path);
        if (real.isEmpty()) {
            return;
        }
        AccessFiles.Stat stat = AccessFiles.stat(real.get()).orElse(null);
        Deque<HistoryCommand> newest = new ArrayDeque<>();
        long lines = 0;
        try (LogInput in = LogInput.open(real.get(), false, MAX_BYTES, limits.logMaxLineBytes())) {
            Instant pending = null;
            String fishCmd = null;
            int fishLine = 0;
            for (BoundedLines.Line l; (l = in.lines().next()) != null; ) {
                lines++;
                String text = l.text();
                if (shell.equals("fish")) {
                    Matcher c = FISH_CMD.matcher(text);
                    Matcher w = FISH_WHEN.matcher(text);
                    if (c.matches()) {
                        if (fishCmd != null) {
                            keep(newest, new HistoryCommand(user, path, fishLine, null, fishCmd));
                        }
                        fishCmd = c.group(1);
                        fishLine = (int) lines;
                    } else if (w.matches() && fishCmd != null) {
                        keep(newest, new HistoryCommand(user, path, fishLine, epoch(w.group(1)), fishCmd));
                        fishCmd = null;
                    }
                    continue;
                }
                Matcher t = BASH_TIME.matcher(text);
                if (t.matches()) {
                    pending = epoch(t.group(1));
                    continue;
                }
                Matcher z = ZSH_EXTENDED.matcher(text);
                if (z.matches()) {
                    keep(newest, new HistoryCommand(user, path, (int) lines, epoch(z.group(1)), z.group(2)));
                    continue;
                }
                if (!text.isBlank()) {
                    keep(newest, new HistoryCommand(user, path, (int) lines, pending, text));
                }
                pending = null;
            }
            if (fishCmd != null) {
                keep(newest, new HistoryCommand(user, path, fishLine, null, fishCmd));
            }
            if (in.partial()) {
                files.gap("history larger than 4 MiB: only its newest part was read (line numbers count from there)", path);
            }
        } catch (AccessDeniedException e) {
            files.gap("permission denied", path);
        } catch (IOException e) {
            files.gap("history unreadable", path + ": " + e.getMessage());
        }
        facts.addHistory(new HistoryFile(user, path, shell, true, null, stat == null ? 0 : stat.size(),
                stat == null ? null : stat.mtime(), lines), new ArrayList<>(newest));
    }

    private void keep(Deque<HistoryCommand> newest, HistoryCommand c) {
        newest.addLast(c);
        while (newest.size() > limits.historyMaxLines()) {
            newest.removeFirst();
        }
    }

    private static Instant epoch(String s) {
        return Instant.ofEpochSecond(Long.parseLong(s));
    }

    private static void settings(AccessFiles files, String path, String user, List<HistorySetting> out) {
        files.read(path, RC_BYTES).ifPresent(t -> {
            List<String> lines = t.lines();
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i).strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                if (SETTING.matcher(s).find()) {
                    out.add(new HistorySetting(path, i + 1, user, s.length() > 300 ? s.substring(0, 300) : s));
                }
            }
        });
    }
}
