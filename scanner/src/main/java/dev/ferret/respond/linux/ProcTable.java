package dev.ferret.respond.linux;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.PathBytes;
import dev.ferret.os.linux.LinuxException;
import dev.ferret.os.linux.LinuxKernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The live process table from /proc. The listing comes from the raw getdents64 system call when available: the
 * scanner's own JVM may run with a hostile preload library that hides the very processes the response must stop.
 * A pid a finding names is looked up directly, listed or not (a kernel rootkit hides it from every listing).
 */
public final class ProcTable implements ProcessTable {
    private static final int PF_KTHREAD = 0x00200000;
    private static final String DELETED = " (deleted)";

    private final Path proc;
    private final LinuxKernel kernel;

    public ProcTable() {
        this(Path.of("/proc"), LinuxKernel.open());
    }

    ProcTable(Path proc, LinuxKernel kernel) {
        this.proc = proc;
        this.kernel = kernel;
    }

    @Override
    public Optional<LiveProcess> get(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path dir = proc.resolve(Integer.toString(pid));
        String stat;
        try {
            stat = ProcFiles.read(dir.resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(pid, stat, dir));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private LiveProcess parse(int pid, String stat, Path dir) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).strip().split(" ");
        // f[0] is field 3 (state); field n is f[n - 3]
        char state = f[0].charAt(0);
        int ppid = Integer.parseInt(f[1]);
        long flags = Long.parseLong(f[6]);
        long start = Long.parseLong(f[19]);
        String exe = null;
        boolean deleted = false;
        try {
            exe = PathBytes.text(Files.readSymbolicLink(dir.resolve("exe")));
            if (exe.endsWith(DELETED)) {
                exe = exe.substring(0, exe.length() - DELETED.length());
                deleted = true;
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // kernel thread, exited, or not ours to read
        }
        List<String> args = new ArrayList<>();
        try {
            byte[] raw = ProcFiles.readBytes(dir.resolve("cmdline"), 1 << 16);
            int from = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
            if (from < raw.length) {
                args.add(new String(raw, from, raw.length - from, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // exited meanwhile
        }
        int uid = -1;
        try {
            for (String line : ProcFiles.read(dir.resolve("status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        boolean kthread = (flags & PF_KTHREAD) != 0 || pid == 2 || ppid == 2;
        return new LiveProcess(pid, ppid, comm, exe, deleted, args, uid, start, state, kthread);
    }

    @Override
    public List<LiveProcess> all() {
        List<LiveProcess> out = new ArrayList<>();
        for (String name : listing()) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                get(Integer.parseInt(name)).ifPresent(out::add);
            }
        }
        return out;
    }

    private List<String> listing() {
        if (kernel != null && proc.equals(Path.of("/proc"))) {
            try {
                return kernel.listDirectory(proc.toString());
            } catch (LinuxException | RuntimeException | LinkageError e) {
                // fall back to the library listing
            }
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(proc)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // nothing listed
        }
        return names;
    }

    /** The pids of this JVM and all its ancestors up to pid 1 (suspending one would freeze ferret itself). */
    public List<Integer> selfAndAncestors() {
        List<Integer> pids = new ArrayList<>();
        int pid = (int) ProcessHandle.current().pid();
        for (int guard = 0; pid > 0 && guard < 4096; guard++) {
            pids.add(pid);
            Optional<LiveProcess> p = get(pid);
            if (p.isEmpty() || p.get().ppid() == pid) {
                break;
            }
            pid = p.get().ppid();
        }
        return pids;
    }
}
