package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd units: the Exec*= lines (ExecStart, ExecStartPre/Post, ExecStop/Post, ExecReload, ExecCondition)
 * of system units in /etc/systemd/system (with its *.wants links and *.d drop-ins), /run/systemd/system,
 * /usr/local/lib/systemd/system and the package-shipped /usr/lib/systemd/system and /lib/systemd/system,
 * and of user units in /etc/systemd/user, /usr/lib/systemd/user and every account's
 * ~/.config/systemd/user and ~/.local/share/systemd/user. One entry per Exec line; the user is the unit's
 * User= (root for system units without one, the owner for user units). A unit reached through several links
 * or directories (merged /usr, enablement links) is read once, under its real path; links to /dev/null
 * (masked units) are skipped. Package-shipped units are kept: their times help, and the detectors weigh them
 * below the administrator's and users' own units.
 */
public final class SystemdCollector extends PersistenceCollector {
    static final String KIND = "systemd";
    static final List<String> SYSTEM_DIRS = List.of("/etc/systemd/system", "/run/systemd/system",
            "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system");
    static final List<String> GLOBAL_USER_DIRS = List.of("/etc/systemd/user", "/usr/lib/systemd/user");
    static final List<String> HOME_USER_DIRS = List.of(".config/systemd/user", ".local/share/systemd/user");
    private static final int DEPTH = 3;
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^]]+)]\\s*$");
    private static final Pattern EXEC = Pattern.compile("^\\s*(Exec(?:Start|StartPre|StartPost|Stop|StopPost|Reload|Condition))\\s*=\\s*(.*)$");
    private static final Pattern USER = Pattern.compile("^\\s*User\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern UNIT_FILE = Pattern.compile(".*\\.(service|socket|mount|swap|path|timer|target)$");

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        for (String dir : SYSTEM_DIRS) {
            units(files, dir, "root", out);
        }
        for (String dir : GLOBAL_USER_DIRS) {
            units(files, dir, null, out);
        }
        for (Homes.Home home : Homes.of(files)) {
            for (String dir : HOME_USER_DIRS) {
                units(files, home.dir() + "/" + dir, home.user(), out);
            }
        }
    }

    private static void units(HostFiles files, String dir, String defaultUser, List<PersistenceEntry> out) {
        for (String path : files.walk(dir, DEPTH)) {
            String name = HostFiles.name(path);
            boolean dropIn = name.endsWith(".conf") && HostFiles.parent(path).endsWith(".d");
            if (!dropIn && !UNIT_FILE.matcher(name).matches()) {
                continue;
            }
            Optional<Path> real = files.resolve(path);
            if (real.isEmpty() || !files.claim(real.get())) {
                continue;
            }
            String hostPath = files.hostPathOf(real.get());
            files.read(hostPath).filter(t -> !t.binary()).ifPresent(t -> parse(t, defaultUser, out));
        }
    }

    /** Exec lines of one unit file or drop-in, continuation lines joined, numbered by their first line. */
    static void parse(HostFiles.Text text, String defaultUser, List<PersistenceEntry> out) {
        List<String> lines = text.lines();
        String user = defaultUser;
        List<int[]> execs = new ArrayList<>();
        List<String[]> values = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines.get(i));
            while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\' && i + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                while (logical.length() > 0 && Character.isWhitespace(logical.charAt(logical.length() - 1))) {
                    logical.setLength(logical.length() - 1);
                }
                logical.append(' ').append(lines.get(++i).strip());
            }
            String line = logical.toString();
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            Matcher sec = SECTION.matcher(line);
            if (sec.matches()) {
                section = sec.group(1);
                continue;
            }
            Matcher u = USER.matcher(line);
            if (u.matches() && section.equals("Service")) {
                user = u.group(1);
                continue;
            }
            Matcher m = EXEC.matcher(line);
            if (m.matches() && !m.group(2).isBlank()) {
                execs.add(new int[] {first + 1});
                values.add(new String[] {m.group(1), m.group(2).strip()});
            }
        }
        for (int k = 0; k < execs.size(); k++) {
            String command = stripPrefixes(values.get(k)[1]);
            out.add(new PersistenceEntry(KIND, text.hostPath(), execs.get(k)[0], user, command, text.mtime(),
                    CommandRefs.extract(command)));
        }
    }

    /** Removes systemd's special executable prefixes ("-", "@", ":", "+", "!", "!!"). */
    static String stripPrefixes(String value) {
        int i = 0;
        while (i < value.length() && "-@:+!".indexOf(value.charAt(i)) >= 0) {
            i++;
        }
        return value.substring(i).strip();
    }
}
