package dev.ferret.collect.linux;

import dev.ferret.model.Coverage;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.ProcessInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one process from /proc by pid. Opening /proc/&lt;pid&gt; by number works even when a rootkit hides
 * the pid from directory listings. Anything unreadable is left empty and counted in coverage.
 */
public final class ProcessReader {
    /** Environment variables worth keeping: they change what code a process loads. */
    private static final Set<String> ENVIRONMENT_KEPT = Set.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT");
    private static final String DELETED = " (deleted)";
    static final String AREA = "processes";

    private final Path proc;
    private final Accounts accounts;
    private final Instant bootTime;
    private final long ticksPerSecond;
    private final Coverage coverage;

    public ProcessReader(Path proc, Accounts accounts, Instant bootTime, long ticksPerSecond, Coverage coverage) {
        this.proc = proc;
        this.accounts = accounts;
        this.bootTime = bootTime;
        this.ticksPerSecond = ticksPerSecond;
        this.coverage = coverage;
    }

    /** The stat line, or null when the process is gone. */
    public ProcStat stat(int pid) {
        try {
            return ProcStat.parse(ProcFiles.read(proc.resolve(pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Thread-group id from status, or -1 when gone: tells a process from one of its threads. */
    public int tgid(int pid) {
        try {
            for (String line : ProcFiles.read(proc.resolve(pid + "/status")).split("\n")) {
                if (line.startsWith("Tgid:")) {
                    int tgid = Integer.parseInt(line.substring(5).strip());
                    return tgid > 0 ? tgid : -1; // a thread group id is a pid: anything else is not a kernel's answer
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The full record, or null when the process vanished while being read. */
    public ProcessInfo read(int pid, double cpuPercent, boolean withMappings) {
        ProcStat stat = stat(pid);
        if (stat == null) {
            coverage.count(AREA, "vanished during scan");
            return null;
        }
        Path dir = proc.resolve(Integer.toString(pid));
        int uid = uid(dir);
        String exeLink = link(dir.resolve("exe"), pid, "executable");
        boolean deleted = exeLink != null && exeLink.endsWith(DELETED);
        String exe = deleted ? exeLink.substring(0, exeLink.length() - DELETED.length()) : exeLink;
        boolean memfd = exe != null && exe.startsWith("/memfd:");
        String cwd = link(dir.resolve("cwd"), pid, "working directory");
        List<MemoryMapping> mappings = withMappings ? mappings(dir, pid) : List.of();
        Instant start = bootTime == null ? null : bootTime.plusMillis(stat.startTicks() * 1000 / ticksPerSecond);
        long rssKb = stat.rssPages() * 4;
        return new ProcessInfo(pid, stat.ppid(), stat.comm(), exe, deleted, memfd, arguments(dir, pid), cwd, uid,
                uid < 0 ? null : accounts.name(uid), start, cpuPercent, stat.threads(), rssKb,
                environment(dir, pid), mappings, socketInodes(dir, pid));
    }

    /**
     * The whole argument vector: /proc/pid/cmdline is not limited to a page or to 256 KiB, and a miner can put
     * its options after hundreds of kilobytes of padding. Cut only at {@link #MAX_CMDLINE_BYTES}, and the cut is a
     * coverage gap.
     */
    /** Largest command line read (Linux caps argv by the stack limit: 2 MiB by default, more with ulimit -s). */
    static final int MAX_CMDLINE_BYTES = 16 << 20;

    private List<String> arguments(Path dir, int pid) {
        try {
            var read = ProcFiles.readContent(dir.resolve("cmdline"), MAX_CMDLINE_BYTES);
            if (read.cutAtCap()) {
                coverage.gap(AREA, "command line longer than " + (MAX_CMDLINE_BYTES >> 20) + " MiB: the rest was "
                        + "not read", Integer.toString(pid));
            } else if (read.cutByTime()) {
                coverage.gap(AREA, "command line read took longer than " + ProcFiles.READ_BUDGET_MILLIS / 1000
                        + " s: the rest was not read", Integer.toString(pid));
            }
            return splitNul(read.bytes());
        } catch (IOException e) {
            return List.of();
        }
    }

    private Map<String, String> environment(Path dir, int pid) {
        try {
            Map<String, String> kept = new LinkedHashMap<>();
            for (String entry : splitNul(ProcFiles.readBytes(dir.resolve("environ"), 1 << 20))) {
                int eq = entry.indexOf('=');
                if (eq > 0 && ENVIRONMENT_KEPT.contains(entry.substring(0, eq))) {
                    kept.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return kept;
        } catch (AccessDeniedException e) {
            coverage.gap(AREA, "environment not readable (permission denied)", Integer.toString(pid));
        } catch (IOException e) {
            // gone or kernel thread
        }
        return Map.of();
    }

    private List<MemoryMapping> mappings(Path dir, int pid) {
        try {
            return MapsParser.parse(ProcFiles.read(dir.resolve("maps")));
        } catch (AccessDeniedException e) {
            coverage.gap(AREA, "memory map not readable (permission denied)", Integer.toString(pid));
        } catch (IOException e) {
            // gone
        }
        return List.of();
    }

    private List<Long> socketInodes(Path dir, int pid) {
        List<Long> inodes = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | NumberFormatException e) {
                    // descriptor closed meanwhile
                }
            }
        } catch (AccessDeniedException e) {
            coverage.count("network", "processes whose descriptors could not be read");
            coverage.gap(AREA, "open files not readable (permission denied)", Integer.toString(pid));
        } catch (IOException e) {
            // gone
        }
        return inodes;
    }

    private String link(Path link, int pid, String what) {
        try {
            return dev.ferret.model.PathBytes.text(Files.readSymbolicLink(link));
        } catch (AccessDeniedException e) {
            coverage.gap(AREA, what + " not readable (permission denied)", Integer.toString(pid));
        } catch (NoSuchFileException e) {
            // kernel thread (no exe) or gone
        } catch (IOException e) {
            coverage.gap(AREA, what + " not readable (" + e.getClass().getSimpleName() + ")", Integer.toString(pid));
        }
        return null;
    }

    private int uid(Path dir) {
        try {
            for (String line : ProcFiles.read(dir.resolve("status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static List<String> splitNul(byte[] raw) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            parts.add(new String(Arrays.copyOfRange(raw, start, raw.length), StandardCharsets.UTF_8));
        }
        return parts;
    }
}
