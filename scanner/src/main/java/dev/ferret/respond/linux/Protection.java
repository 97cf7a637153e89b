package dev.ferret.respond.linux;

import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.detect.FileHasher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the response must never touch on Linux, with the reason it gives: pid 1, kernel threads, ferret and the
 * shell and session it runs in, the processes that keep the host alive and reachable (systemd, init, the sshd
 * listener...), pseudo file systems, the files without which the host does not boot or log in, ferret's own
 * files and store, and files a package installed and nobody changed.
 * <p>
 * Critical processes are recognised by name <em>and</em> location: a miner that calls itself "systemd" from
 * /tmp is not protected by its name.
 */
public final class Protection {
    private static final Set<String> CRITICAL_PROCESSES = Set.of("init", "systemd", "systemd-journald",
            "systemd-logind", "systemd-udevd", "systemd-networkd", "systemd-resolved", "dbus-daemon", "dbus-broker",
            "sshd", "auditd");
    private static final List<String> SYSTEM_DIRS = List.of("/sbin/", "/usr/sbin/", "/bin/", "/usr/bin/",
            "/lib/systemd/", "/usr/lib/systemd/", "/usr/libexec/", "/lib/", "/usr/lib/");
    private static final Set<String> CRITICAL_FILES = Set.of("/etc/passwd", "/etc/shadow", "/etc/group",
            "/etc/gshadow", "/etc/sudoers", "/etc/fstab", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
            "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.preload", "/etc/crontab", "/etc/profile",
            "/etc/bash.bashrc", "/etc/environment", "/etc/inittab", "/etc/rc.local", "/etc/ssh/sshd_config",
            "/bin/sh", "/bin/bash", "/bin/dash", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/dash", "/sbin/init",
            "/usr/sbin/init", "/lib/systemd/systemd", "/usr/lib/systemd/systemd", "/usr/sbin/sshd", "/usr/bin/sudo",
            "/usr/bin/su", "/bin/su", "/usr/bin/env", "/usr/bin/kill", "/bin/kill");
    private static final Pattern CRITICAL_LIBRARY = Pattern.compile(
            "^/(usr/)?lib(32|64|x32)?/(.*/)?(ld-linux[^/]*\\.so[^/]*|ld\\.so[^/]*|libc\\.so[^/]*|libc-[^/]*\\.so"
                    + "|libpthread[^/]*\\.so[^/]*|libdl[^/]*\\.so[^/]*|libm\\.so[^/]*|libpam[^/]*\\.so[^/]*"
                    + "|libnss_[^/]*\\.so[^/]*|libsystemd\\.so[^/]*|libselinux\\.so[^/]*|libcrypt\\.so[^/]*)$");
    private static final long HASH_LIMIT = 512L << 20;

    private final Set<Integer> selfAndAncestors;
    private final int self;
    private final List<Path> ownPaths;
    private final PackageFiles packages;
    private final Path root;
    private final FileHasher hasher = new FileHasher(HASH_LIMIT);

    /**
     * @param selfAndAncestors ferret's pid first, then its parents up to pid 1
     * @param ownPaths         ferret's runtime, class path and store: never quarantined
     */
    public Protection(List<Integer> selfAndAncestors, List<Path> ownPaths, PackageFiles packages, Path root) {
        this.self = selfAndAncestors.isEmpty() ? -1 : selfAndAncestors.get(0);
        this.selfAndAncestors = Set.copyOf(selfAndAncestors);
        this.ownPaths = ownPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.packages = packages;
        this.root = root.toAbsolutePath().normalize();
    }

    /** Why a process must not be suspended or killed, if it must not. */
    public Optional<String> refuseProcess(LiveProcess p) {
        if (p.pid() == 1) {
            return Optional.of("pid 1 is the init process of this pid namespace: never signalled");
        }
        if (p.pid() <= 0) {
            return Optional.of("pid " + p.pid() + " is not a process");
        }
        if (p.kernelThread()) {
            return Optional.of("pid " + p.pid() + " (" + p.name() + ") is a kernel thread");
        }
        if (p.pid() == self) {
            return Optional.of("pid " + p.pid() + " is ferret itself");
        }
        Optional<String> critical = critical(p.name(), p.executable(), p.arguments());
        if (critical.isPresent()) {
            return critical;
        }
        if (selfAndAncestors.contains(p.pid())) {
            return Optional.of("pid " + p.pid() + " (" + p.name() + ") is an ancestor of ferret (its shell or "
                    + "session): stopping it would freeze the response itself");
        }
        return Optional.empty();
    }

    /** Critical by name and by running the system's own binary (not a copy in /tmp named like it). */
    static Optional<String> critical(String name, String exe, List<String> args) {
        String base = exe == null ? name : exe.substring(exe.lastIndexOf('/') + 1);
        if (base == null || !CRITICAL_PROCESSES.contains(base) && !CRITICAL_PROCESSES.contains(name)) {
            return Optional.empty();
        }
        // a daemon whose binary an upgrade replaced shows it deleted: still the system's, still protected
        if (exe != null && (SYSTEM_DIRS.stream().noneMatch(exe::startsWith) || exe.contains("/."))) {
            return Optional.empty();
        }
        if ("sshd".equals(base) || "sshd".equals(name)) {
            String first = args.isEmpty() ? "" : args.get(0);
            // sessions show as "sshd: user@pts/0" or "sshd: user [priv]"; the listener is the bare daemon, or
            // (OpenSSH 9.8+) "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"
            if ((first.startsWith("sshd:") || first.startsWith("sshd-session")) && !first.contains("[listener]")) {
                return Optional.empty();
            }
            return Optional.of("the sshd listener keeps the host reachable: never signalled (sessions may be)");
        }
        return Optional.of(base + " is a critical system process: never signalled");
    }

    /**
     * Why a file must not be quarantined or removed, if it must not. {@code real} is where it is under the root
     * (null when it does not exist).
     */
    public Optional<String> refuseFile(String hostPath, Path real) {
        if (hostPath.startsWith("/proc/") || hostPath.startsWith("/sys/")
                || hostPath.startsWith("/dev/") && !hostPath.startsWith("/dev/shm/")) {
            return Optional.of(hostPath + " is on a pseudo file system");
        }
        if (CRITICAL_FILES.contains(hostPath) || CRITICAL_LIBRARY.matcher(hostPath).matches()) {
            return Optional.of(hostPath + " is a file the host needs to boot, log in or run programs: never removed "
                    + "(edit the offending lines, or reinstall its package)");
        }
        if (real != null) {
            Path abs = real.toAbsolutePath().normalize();
            for (Path own : ownPaths) {
                if (abs.startsWith(own)) {
                    return Optional.of(hostPath + " belongs to ferret or its store (" + own + ")");
                }
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (a.isDirectory()) {
                return Optional.of(hostPath + " is a directory: ferret quarantines files, not trees");
            }
            if (a.isOther()) {
                return Optional.of(hostPath + " is not a regular file (FIFO, socket or device)");
            }
            if (a.isRegularFile()) {
                Optional<PackageFiles.Owner> owner = packages.owner(hostPath);
                if (owner.isPresent()) {
                    String md5 = hasher.hash(real).map(FileHasher.Hashes::md5).orElse(null);
                    if (owner.get().md5().equals(md5)) {
                        return Optional.of(hostPath + " belongs to package " + owner.get().pkg() + " and is unchanged "
                                + "(md5 matches dpkg's record): remove or reinstall the package instead");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** "owned by package X but replaced" for the reason text, when that is the case. */
    public Optional<String> replacedPackageFile(String hostPath, Path real) {
        Optional<PackageFiles.Owner> owner = packages.owner(hostPath);
        if (owner.isEmpty() || real == null || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String md5 = hasher.hash(real).map(FileHasher.Hashes::md5).orElse(null);
        return owner.get().md5().equals(md5) ? Optional.empty() : Optional.of("package " + owner.get().pkg()
                + " installed " + hostPath + " with md5 " + owner.get().md5() + "; it now has " + md5
                + ": replaced");
    }

    /** Where a host path is under the root, without following a link in its last component; null if missing. */
    public Path locate(String hostPath) {
        return locate(root, hostPath);
    }

    public static Path locate(Path root, String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
        String name = hostPath.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return null;
        }
        Path dir = RootedFiles.locate(root, parent);
        if (dir == null) {
            return null;
        }
        Path real = dev.ferret.model.PathBytes.resolve(dir, name);
        return Files.exists(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    }

    public Path root() {
        return root;
    }
}
