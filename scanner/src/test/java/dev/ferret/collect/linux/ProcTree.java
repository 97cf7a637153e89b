package dev.ferret.collect.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fixture /proc written to disk, file by file in the kernel's formats, for the collectors' injectable
 * {@code Path proc} constructors. Symlinks are real symlinks (exe, cwd, fd/N, ns/pid), as on procfs.
 */
public final class ProcTree {
    private final Path proc;

    public ProcTree(Path proc) {
        this.proc = proc;
    }

    public Path path() {
        return proc;
    }

    public ProcTree text(String relative, String content) {
        return bytes(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public ProcTree bytes(String relative, byte[] content) {
        try {
            Path p = proc.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProcTree link(String relative, String target) {
        try {
            Path p = proc.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NUL-separated, as cmdline and environ are. */
    public ProcTree nul(String relative, String... parts) {
        return text(relative, String.join("\0", parts) + "\0");
    }

    /**
     * A /proc/PID/stat line: the fields ferret reads (state, ppid, utime, stime, threads, starttime, rss) at their
     * proc(5) positions, the others zero.
     */
    public ProcTree stat(int pid, String comm, int ppid, long utime, long stime, int threads, long start, long rss) {
        return text(pid + "/stat", pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 0 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 " + threads + " 0 " + start + " 1000000 " + rss
                + " 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
    }

    public ProcTree status(int pid, String name, int tgid, int uid) {
        return text(pid + "/status", "Name:\t" + name + "\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + tgid
                + "\nNgid:\t0\nPid:\t" + pid + "\nPPid:\t1\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                + "\nGid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nNSpid:\t" + pid + "\n");
    }

    /** Host-wide /proc/stat, the initial pid namespace for self, and pid_max. */
    public ProcTree host(long userTicks, long systemTicks, long bootEpochSecond, int pidMax) {
        text("stat", "cpu  " + userTicks + " 0 " + systemTicks + " 90000 100 0 10 0 0 0\n"
                + "cpu0 " + userTicks + " 0 " + systemTicks + " 90000 100 0 10 0 0 0\n"
                + "intr 0\nctxt 100\nbtime " + bootEpochSecond + "\nprocesses 500\n");
        link("self/ns/pid", "pid:[4026531836]");
        text("self/status", "Name:\tjava\nNSpid:\t1234\n");
        return text("sys/kernel/pid_max", pidMax + "\n");
    }

    /** A /proc/net table: the kernel's header line, then the rows given. */
    public ProcTree net(String table, String... rows) {
        String header = table.startsWith("tcp")
                ? "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                : "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode "
                + "ref pointer drops\n";
        return text("net/" + table, header + String.join("\n", rows) + (rows.length > 0 ? "\n" : ""));
    }

    /** One row of a /proc/net table: addresses in the kernel's hex, state in hex, owner uid and socket inode. */
    public static String row(int slot, String local, String remote, String state, int uid, long inode) {
        return String.format("%4d: %s %s %s 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 "
                + "0000000000000000 100 0 0 10 0", slot, local, remote, state, uid, inode);
    }
}
