package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * supervisord configurations and the programs they keep running. Main configurations are the default ones
 * (/etc/supervisord.conf, /etc/supervisor/supervisord.conf) plus every {@code -c PATH} given to a running
 * supervisord (from the process list; empty offline) or written in a start-up script, cron job, init script or
 * systemd unit ({@code supervisord -c /etc/.supervisor/supervisord.conf} in /etc/profile.d/supervisor.sh). This
 * collector reads those sources itself, so it does not depend on the order collectors run in.
 * <p>
 * Entries (kind "supervisord"): one per main configuration (line 0, command {@code supervisord -c PATH},
 * references = the files its {@code [include] files=} globs resolve to, relative to the configuration's
 * directory), and one per {@code [program:x]} / {@code [eventlistener:x]} / {@code [fcgi-program:x]} command,
 * at the line of {@code command=}, with its {@code user=}, referencing the paths in the command and its
 * {@code stdout_logfile}/{@code stderr_logfile}. Files in /etc/supervisor/conf.d and /etc/supervisord.d that no
 * main configuration includes are read too.
 */
public final class SupervisordCollector extends PersistenceCollector {
    static final String KIND = "supervisord";
    static final List<String> DEFAULT_CONFIGS = List.of("/etc/supervisord.conf", "/etc/supervisor/supervisord.conf");
    static final List<String> INCLUDE_DIRS = List.of("/etc/supervisor/conf.d", "/etc/supervisord.d");
    /** Prefix of the command of a main-configuration entry. */
    public static final String CONFIG_COMMAND = "supervisord -c ";
    /** {@code supervisord ... -c PATH} / {@code --configuration[=| ]PATH} in a command line; group 1 is the path. */
    public static final Pattern LAUNCH = Pattern.compile(
            "\\bsupervisord\\b[^;&|\\n]*?\\s(?:-c|--configuration)(?:\\s+|=)?['\"]?(/[^\\s'\";&|)]+)");
    private static final int MAX_INCLUDES = 1000;
    private static final List<String> PROGRAM_SECTIONS = List.of("program:", "fcgi-program:", "eventlistener:");

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        Set<String> mains = new LinkedHashSet<>(DEFAULT_CONFIGS);
        mains.addAll(fromProcesses(files.snapshot().processes()));
        mains.addAll(fromScripts(files));
        Set<Path> parsed = new LinkedHashSet<>();
        for (String main : mains) {
            mainConfig(files, main, parsed, out);
        }
        for (String dir : INCLUDE_DIRS) {
            for (String f : files.list(dir)) {
                programFile(files, f, parsed, out);
            }
        }
    }

    /** Configurations of running supervisord processes ({@code -c}, {@code --configuration}). */
    public static List<String> fromProcesses(List<ProcessInfo> processes) {
        List<String> out = new ArrayList<>();
        for (ProcessInfo p : processes) {
            List<String> args = p.arguments();
            boolean supervisord = p.name() != null && p.name().contains("supervisord")
                    || args.stream().limit(3).anyMatch(a -> HostFiles.name(a).equals("supervisord"));
            if (!supervisord) {
                continue;
            }
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String value = null;
                if ((a.equals("-c") || a.equals("--configuration")) && i + 1 < args.size()) {
                    value = args.get(i + 1);
                } else if (a.startsWith("--configuration=")) {
                    value = a.substring("--configuration=".length());
                } else if (a.startsWith("-c") && a.length() > 2 && !a.startsWith("--")) {
                    value = a.substring(2);
                }
                if (value != null && !value.isEmpty()) {
                    if (!value.startsWith("/") && p.cwd() != null) {
                        value = InitCollector.lexical(p.cwd(), value);
                    }
                    if (value.startsWith("/")) {
                        out.add(value);
                    }
                }
            }
        }
        return out;
    }

    /** {@code supervisord -c PATH} written in start-up files, cron, init scripts and units. */
    static List<String> fromScripts(HostFiles files) {
        List<String> sources = new ArrayList<>();
        ProfileFiles.of(files).forEach(s -> sources.add(s.path()));
        sources.addAll(List.of("/etc/rc.local", "/etc/rc.d/rc.local", "/etc/crontab", "/etc/anacrontab"));
        for (String dir : List.of("/etc/init.d", "/etc/cron.d", "/var/spool/cron", "/var/spool/cron/crontabs",
                "/var/spool/cron/tabs", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly",
                "/etc/cron.monthly")) {
            sources.addAll(files.list(dir));
        }
        sources.addAll(files.walk("/etc/systemd/system", 2));
        sources.addAll(files.walk("/run/systemd/system", 2));
        for (String dir : List.of("/usr/lib/systemd/system", "/lib/systemd/system")) {
            files.list(dir).stream().filter(p -> HostFiles.name(p).toLowerCase(Locale.ROOT).contains("supervisor"))
                    .forEach(sources::add);
        }
        List<String> out = new ArrayList<>();
        for (String source : sources) {
            files.read(source).filter(t -> !t.binary() && t.content().contains("supervisord")).ifPresent(t -> {
                for (String line : t.lines()) {
                    if (HostFiles.inert(line)) {
                        continue;
                    }
                    Matcher m = LAUNCH.matcher(line);
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            });
        }
        return out;
    }

    private static void mainConfig(HostFiles files, String path, Set<Path> parsed, List<PersistenceEntry> out) {
        Optional<HostFiles.Text> read = files.read(path);
        if (read.isEmpty() || read.get().binary() || !parsed.add(read.get().real())) {
            return;
        }
        HostFiles.Text text = read.get();
        String here = HostFiles.parent(text.hostPath());
        List<IniFile.Section> sections = IniFile.parse(text.content());
        List<String> included = new ArrayList<>();
        for (IniFile.Section s : sections) {
            if (s.name().equals("include") && s.get("files") != null) {
                for (String pattern : expand(s.get("files"), here, null).split("\\s+")) {
                    if (!pattern.isEmpty()) {
                        included.addAll(glob(files, pattern.startsWith("/") ? pattern : here + "/" + pattern));
                    }
                }
            }
        }
        out.add(new PersistenceEntry(KIND, text.hostPath(), 0, null, CONFIG_COMMAND + text.hostPath(), text.mtime(),
                included));
        programs(text, sections, out);
        for (String include : included) {
            programFile(files, include, parsed, out);
        }
    }

    private static void programFile(HostFiles files, String path, Set<Path> parsed, List<PersistenceEntry> out) {
        files.read(path).filter(t -> !t.binary() && parsed.add(t.real()))
                .ifPresent(t -> programs(t, IniFile.parse(t.content()), out));
    }

    private static void programs(HostFiles.Text text, List<IniFile.Section> sections, List<PersistenceEntry> out) {
        String here = HostFiles.parent(text.hostPath());
        for (IniFile.Section s : sections) {
            String name = PROGRAM_SECTIONS.stream().filter(s.name()::startsWith)
                    .map(prefix -> s.name().substring(prefix.length())).findFirst().orElse(null);
            IniFile.Value command = s.values().get("command");
            if (name == null || command == null) {
                continue;
            }
            String cmd = expand(command.text(), here, name);
            List<String> refs = new ArrayList<>(CommandRefs.extract(cmd));
            for (String key : List.of("stdout_logfile", "stderr_logfile")) {
                String log = s.get(key);
                if (log != null) {
                    log = expand(log, here, name);
                    if (log.startsWith("/") && !refs.contains(log)) {
                        refs.add(log);
                    }
                }
            }
            out.add(new PersistenceEntry(KIND, text.hostPath(), command.line(), s.get("user"), cmd, text.mtime(),
                    refs));
        }
    }

    /** supervisord's own expansions that name files: %(here)s and %(program_name)s. */
    static String expand(String value, String here, String program) {
        String v = value.replace("%(here)s", here);
        return program == null ? v : v.replace("%(program_name)s", program);
    }

    /** The files a glob names (wildcards in any component), sorted, resolved inside the scanned tree. */
    static List<String> glob(HostFiles files, String pattern) {
        List<String> current = List.of("/");
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            List<String> next = new ArrayList<>();
            for (String dir : current) {
                String prefix = dir.equals("/") ? "/" : dir + "/";
                if (part.indexOf('*') < 0 && part.indexOf('?') < 0 && part.indexOf('[') < 0) {
                    next.add(part.equals("..") ? HostFiles.parent(dir) : prefix + part);
                    continue;
                }
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + part);
                for (String child : files.list(dir)) {
                    String name = HostFiles.name(child);
                    if (!name.startsWith(".") || part.startsWith(".")) {
                        if (m.matches(Path.of(name))) {
                            next.add(child);
                        }
                    }
                    if (next.size() >= MAX_INCLUDES) {
                        break;
                    }
                }
            }
            current = next;
        }
        Map<String, Boolean> files0 = new LinkedHashMap<>();
        for (String p : current) {
            if (files.resolve(p).isPresent() && !files.isDirectory(p)) {
                files0.put(p, true);
            }
        }
        return new ArrayList<>(files0.keySet());
    }
}
