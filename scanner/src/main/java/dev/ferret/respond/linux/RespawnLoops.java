package dev.ferret.respond.linux;

import dev.ferret.data.WeightedPatterns;
import dev.ferret.os.linux.HostFileRead;
import dev.ferret.respond.plan.Why;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells a respawn loop that is no one's parent: an interpreter process whose script (or {@code -c} command line)
 * loops and names a file of the chains, or the bare name of one (`pidof kswapd0 || ./kswapd0`). The script is the
 * attacker's file: read bounded, no-follow, as bytes; a name that is also a program on the host's PATH (bash, curl)
 * is too common to tie anything.
 */
final class RespawnLoops {
    private static final Pattern INTERPRETER = Pattern.compile("((ba|da|z|k|a)?sh|busybox|python[0-9.]*|perl[0-9.]*)");
    private static final long SCRIPT_CAP = 64 * 1024;
    private static final long READ_MILLIS = 200;
    private static final List<String> PATH_DIRS = List.of("usr/bin", "bin", "usr/sbin", "sbin", "usr/local/bin");

    private final Path root;
    private final WeightedPatterns loops;

    RespawnLoops(Path root, WeightedPatterns loops) {
        this.root = root;
        this.loops = loops;
    }

    /** Why the process is a respawner of the chains' files or members' executables, if it is one. */
    Optional<String> loopsOver(LiveProcess p, Set<String> files) {
        if (files.isEmpty() || !interpreter(p)) {
            return Optional.empty();
        }
        List<String> args = p.arguments();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-c") && i + 1 < args.size()) {
                String inline = args.get(i + 1);
                return names(inline, files).map(name -> "respawner: its command line loops and names " + name
                        + " ('" + Why.abbreviate(inline, 100) + "')");
            }
            if (arg.startsWith("/")) {
                Optional<String> script = read(arg);
                if (script.isPresent()) {
                    return names(script.get(), files).map(name -> "respawner: its script " + arg
                            + " loops and names " + name);
                }
                return Optional.empty();
            }
            if (!arg.startsWith("-")) {
                return Optional.empty(); // a relative script: its directory is the process's, not ours to guess
            }
        }
        return Optional.empty();
    }

    private static boolean interpreter(LiveProcess p) {
        String exe = p.executable() != null ? p.executable() : p.arguments().isEmpty() ? "" : p.arguments().get(0);
        String base = exe.substring(exe.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return INTERPRETER.matcher(base).matches();
    }

    /** A chain file the text names (by path, or by a name no program on PATH has), when the text also loops. */
    private Optional<String> names(String text, Set<String> files) {
        if (loops.matching(text).isEmpty()) {
            return Optional.empty();
        }
        for (String file : files) {
            if (text.contains(file)) {
                return Optional.of(file);
            }
        }
        for (String file : files) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.length() >= 3 && !onPath(name) && Pattern.compile("(?<![\\w.-])" + Pattern.quote(name)
                    + "(?![\\w.-])").matcher(text).find()) {
                return Optional.of(file + " by its name '" + name + "'");
            }
        }
        return Optional.empty();
    }

    private boolean onPath(String name) {
        for (String dir : PATH_DIRS) {
            if (Files.exists(root.resolve(dir).resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> read(String hostPath) {
        try {
            HostFileRead.Content c = HostFileRead.read(root.resolve(hostPath.substring(1)), SCRIPT_CAP, READ_MILLIS);
            return Optional.of(new String(c.bytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, denied, a FIFO or a link: no evidence either way
        }
    }
}
